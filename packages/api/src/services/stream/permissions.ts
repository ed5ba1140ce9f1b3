import type { DbOrTx } from "@onair/db";
import { AppError } from "../../errors";
import type { SessionUser } from "../account/session-user";

/** Owners and admins run a stream's lifecycle. Throws NOT_FOUND or FORBIDDEN. */
export async function requireStreamOwnerOrAdmin(db: DbOrTx, actor: SessionUser, streamId: string) {
  const stream = await db.liveStream.findUnique({ where: { id: streamId }, select: { id: true, ownerId: true, status: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  if (stream.ownerId !== actor.id && actor.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "Only the stream's owner or an admin can do this.");
  }
  return stream;
}
