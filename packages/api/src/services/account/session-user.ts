import type { Db, Prisma } from "@onair/db";
import { findLiveSession, hashApiToken, readSessionCookie } from "@onair/auth";

export const sessionUserSelect = { id: true, username: true, name: true, role: true } satisfies Prisma.UserSelect;
export type SessionUser = Prisma.UserGetPayload<{ select: typeof sessionUserSelect }>;

/**
 * What authenticated a request or connection, so an open WebSocket can be
 * re-checked later (revoked token, ended session) without re-reading headers.
 */
export type Credential =
  | { kind: "apiToken"; tokenId: string }
  /** A browser session cookie; sessionToken names its server-side session row (`sessions.sessionToken`). */
  | { kind: "session"; sessionToken: string | null };

export interface ResolvedSession {
  user: SessionUser;
  credential: Credential;
}

export interface Credentials {
  /** The raw Cookie header (browser: next-auth session cookie). */
  cookieHeader?: string | null;
  /** A personal API token (SDK: Authorization: Bearer, or WebSocket connectionParams). */
  apiToken?: string | null;
}

/** The user behind a request or connection, or null for anonymous viewers. */
export async function resolveSessionUser(db: Db, authSecret: string, credentials: Credentials): Promise<ResolvedSession | null> {
  if (credentials.apiToken) {
    const token = await db.apiToken.findUnique({
      where: { tokenHash: hashApiToken(credentials.apiToken) },
      select: { id: true, revokedAt: true, expiresAt: true, user: { select: sessionUserSelect } },
    });
    if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date())) return null;
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
    return { user: token.user, credential: { kind: "apiToken", tokenId: token.id } };
  }
  // The cookie names a server-side session: it signs in only while that row lives (signing out deletes it).
  const cookie = await readSessionCookie(credentials.cookieHeader, authSecret);
  if (!cookie) return null;
  const session = await findLiveSession(db, cookie, sessionUserSelect);
  return session ? { user: session.user, credential: { kind: "session", sessionToken: cookie.sessionToken } } : null;
}
