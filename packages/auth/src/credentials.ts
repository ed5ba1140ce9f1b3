import type { DbOrTx } from "@onair/db";
import { dummyPasswordHash, verifyPassword } from "./password";

export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password.";

export interface AuthenticatedUser {
  id: string;
  email: string | null;
  username: string;
  name: string | null;
}

/**
 * Checks an email + password pair. Returns null for an unknown account and for a
 * wrong password alike (same work, same answer), so callers cannot tell which.
 */
export async function authenticateWithPassword(
  db: DbOrTx,
  credentials: { email: string; password: string },
): Promise<AuthenticatedUser | null> {
  const email = credentials.email.trim().toLowerCase();
  const user = email
    ? await db.user.findUnique({ where: { email }, select: { id: true, email: true, username: true, name: true, passwordHash: true } })
    : null;
  if (!user?.passwordHash) {
    await verifyPassword(credentials.password, await dummyPasswordHash());
    return null;
  }
  const ok = await verifyPassword(credentials.password, user.passwordHash);
  if (!ok) return null;
  return { id: user.id, email: user.email, username: user.username, name: user.name };
}
