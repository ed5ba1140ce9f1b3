import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";

/**
 * Deletes a stream that never went live (scheduled or missed), with its thumbnail.
 * A stream that was live stays: its chat, audit log and recordings are history.
 */
export async function deleteStream(deps: Pick<StreamDeps, "db" | "stream" | "storage">): Promise<{ deleted: true }> {
  const { db, stream, storage } = deps;
  const deleted = await db.$transaction(async (tx) => {
    const row = await tx.liveStream.findUniqueOrThrow({ where: { id: stream.id }, select: { thumbnailKey: true } });
    // The status guard makes a delete lose cleanly to a concurrent start.
    const { count } = await tx.liveStream.deleteMany({ where: { id: stream.id, status: { in: ["SCHEDULED", "MISSED"] } } });
    return count === 0 ? null : row;
  });
  if (!deleted) throw new AppError("PRECONDITION_FAILED", "Only a stream that never went live can be deleted.");
  if (deleted.thumbnailKey) await storage.delete(deleted.thumbnailKey);
  return { deleted: true };
}
