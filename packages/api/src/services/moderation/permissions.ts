import type { DbOrTx, StreamStatus } from "@onair/db";
import { AppError } from "../../errors";
import type { SessionUser } from "../account/session-user";

/**
 * A person's standing in one stream, lowest to highest. "moderator" covers the
 * stream's appointed moderators and global moderators.
 */
export type StreamRole = "viewer" | "moderator" | "owner" | "admin";

const RANK: Record<StreamRole, number> = { viewer: 0, moderator: 1, owner: 2, admin: 3 };

export interface StreamRef {
  id: string;
  ownerId: string;
  status: StreamStatus;
}

export function canModerate(role: StreamRole): boolean {
  return RANK[role] >= RANK.moderator;
}

export function canManageStream(role: StreamRole): boolean {
  return RANK[role] >= RANK.owner;
}

/** Moderators act only on people below them: a moderator cannot time out the owner, an admin or another moderator. */
export function outranks(actor: StreamRole, target: StreamRole): boolean {
  return RANK[actor] > RANK[target];
}

export function roleIn(stream: { ownerId: string }, user: Pick<SessionUser, "id" | "role">, isStreamModerator: boolean): StreamRole {
  if (user.role === "ADMIN") return "admin";
  if (stream.ownerId === user.id) return "owner";
  if (user.role === "MODERATOR" || isStreamModerator) return "moderator";
  return "viewer";
}

/**
 * The user's global role as stored now. A WebSocket connection's session user
 * is read once, when it connects; permission checks use this instead, so a
 * demoted moderator or admin loses their rights at once. Null: the account is gone.
 */
export async function currentRole(db: DbOrTx, userId: string): Promise<SessionUser["role"] | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
  return user?.role ?? null;
}

/**
 * The stream, the user's current global role and their role in the stream.
 * Throws NOT_FOUND for an unknown stream, UNAUTHORIZED for a deleted account.
 */
export async function streamAccess(
  db: DbOrTx,
  user: Pick<SessionUser, "id">,
  streamId: string,
): Promise<{ stream: StreamRef; role: StreamRole; userRole: SessionUser["role"] }> {
  const [stream, userRole] = await Promise.all([
    db.liveStream.findUnique({
      where: { id: streamId },
      select: { id: true, ownerId: true, status: true, moderators: { where: { userId: user.id }, select: { userId: true } } },
    }),
    currentRole(db, user.id),
  ]);
  if (!userRole) throw new AppError("UNAUTHORIZED", "Sign in to do this.");
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  const { moderators, ...ref } = stream;
  return { stream: ref, role: roleIn(ref, { id: user.id, role: userRole }, moderators.length > 0), userRole };
}

/** The role of any user (not only the caller) in a stream. Throws NOT_FOUND for an unknown user. */
export async function userRoleIn(db: DbOrTx, stream: StreamRef, userId: string): Promise<StreamRole> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, role: true, moderatedStreams: { where: { streamId: stream.id }, select: { userId: true } } },
  });
  if (!user) throw new AppError("NOT_FOUND", "No user with that id.");
  return roleIn(stream, user, user.moderatedStreams.length > 0);
}
