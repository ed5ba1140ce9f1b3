import type { Db, Prisma } from "@onair/db";
import { hashApiToken, userIdFromSessionCookie } from "@onair/auth";

export const sessionUserSelect = { id: true, username: true, name: true, role: true } satisfies Prisma.UserSelect;
export type SessionUser = Prisma.UserGetPayload<{ select: typeof sessionUserSelect }>;

/**
 * What authenticated a request or connection, so an open WebSocket can be
 * re-checked later (revoked token, ended session) without re-reading headers.
 */
export type Credential =
  | { kind: "apiToken"; tokenId: string }
  /** A browser session cookie; sessionToken names its server-side session row. */
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
  const userId = await userIdFromSessionCookie(credentials.cookieHeader, authSecret);
  if (!userId) return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: sessionUserSelect });
  return user ? { user, credential: { kind: "session", sessionToken: null } } : null;
}
