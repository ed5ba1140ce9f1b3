import { randomBytes } from "node:crypto";
import type { DbOrTx } from "@onair/db";

/** How long a sign-in lasts, counted from the sign-in (the cookie and its `sessions` row end together). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Starts a server-side session for a user who just signed in and returns its id,
 * which the session cookie carries. Also drops the user's sessions that have expired.
 */
export async function startSession(db: DbOrTx, userId: string): Promise<string> {
  const sessionToken = randomBytes(32).toString("base64url");
  const now = new Date();
  await db.session.deleteMany({ where: { userId, expires: { lte: now } } });
  await db.session.create({ data: { sessionToken, userId, expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) } });
  return sessionToken;
}

/** The user of a live (not ended, not expired) session, checked against the user id the cookie names. */
export async function findLiveSession<S extends Record<string, boolean>>(
  db: DbOrTx,
  cookie: { userId: string; sessionToken: string },
  userSelect: S,
) {
  const session = await db.session.findUnique({
    where: { sessionToken: cookie.sessionToken },
    select: { userId: true, expires: true, user: { select: userSelect } },
  });
  if (!session || session.userId !== cookie.userId || session.expires <= new Date()) return null;
  return session;
}

/** Ends a session: its cookie no longer signs anyone in, over HTTP or WebSocket. */
export async function endSession(db: DbOrTx, sessionToken: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken } });
}
