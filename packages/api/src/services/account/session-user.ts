import type { Db, Prisma } from "@onair/db";
import { hashApiToken, userIdFromSessionCookie } from "@onair/auth";

export const sessionUserSelect = { id: true, username: true, name: true, role: true } satisfies Prisma.UserSelect;
export type SessionUser = Prisma.UserGetPayload<{ select: typeof sessionUserSelect }>;

export interface Credentials {
  /** The raw Cookie header (browser: next-auth session cookie). */
  cookieHeader?: string | null;
  /** A personal API token (SDK: Authorization: Bearer, or WebSocket connectionParams). */
  apiToken?: string | null;
}

/** The user behind a request or connection, or null for anonymous viewers. */
export async function resolveSessionUser(db: Db, authSecret: string, credentials: Credentials): Promise<SessionUser | null> {
  if (credentials.apiToken) {
    const token = await db.apiToken.findUnique({
      where: { tokenHash: hashApiToken(credentials.apiToken) },
      select: { id: true, revokedAt: true, expiresAt: true, user: { select: sessionUserSelect } },
    });
    if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date())) return null;
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
    return token.user;
  }
  const userId = await userIdFromSessionCookie(credentials.cookieHeader, authSecret);
  if (!userId) return null;
  return db.user.findUnique({ where: { id: userId }, select: sessionUserSelect });
}
