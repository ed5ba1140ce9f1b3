import type { DbOrTx } from "@onair/db";
import { AppError } from "../../errors";
import { canManageStream, type StreamRef, type StreamRole } from "../moderation/permissions";

export const SHOP_MANAGERS_ONLY = "Only the stream's owner (or a moderator the owner lets manage the shop) can do this.";

/**
 * Who manages a stream's shop (shelf, pins, flash sales, its orders): its
 * owner and admins, and the stream's appointed moderators when the owner
 * allows it (LiveStream.shopModeratorsAllowed). Global moderators keep chat
 * healthy; they do not sell. Throws FORBIDDEN for anyone else.
 */
export async function assertShopManager(db: DbOrTx, stream: StreamRef, actor: { id: string }, role: StreamRole): Promise<void> {
  if (canManageStream(role)) return;
  if (role !== "moderator") throw new AppError("FORBIDDEN", SHOP_MANAGERS_ONLY);
  const allowed = await db.liveStream.count({
    where: { id: stream.id, shopModeratorsAllowed: true, moderators: { some: { userId: actor.id } } },
  });
  if (allowed === 0) throw new AppError("FORBIDDEN", SHOP_MANAGERS_ONLY);
}
