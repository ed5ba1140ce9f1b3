import type { DbOrTx } from "@onair/db";
import type { ShelfProductView, StreamEvent } from "../../events/types";
import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";
import { loggedEvents, writeLog } from "../moderation/audit";
import { lockStreamRow } from "../shared/locks";
import { inTransaction } from "../shared/transaction";
import { recordShopMetrics } from "./metrics";
import { NO_PRODUCT } from "./products";
import { MAX_PINNED, MAX_SHELF } from "./schemas";
import { pinnedOf, shelfOf, shelfProductView } from "./shelf-view";

export const NOT_ON_SHELF = "That product is not on this stream's shelf.";
export const OWNER_PRODUCTS_ONLY = "You can only offer the stream owner's products.";
export const TOO_MANY_PINNED = `Unpin a product first: at most ${MAX_PINNED} can be pinned.`;

type ShelfDeps = Pick<StreamDeps, "db" | "bus" | "stream">;
type PinDeps = ShelfDeps & Pick<StreamDeps, "actor">;

/** Where the number of people watching a stream comes from when a pin counts its impressions. */
export interface ViewerCounter {
  count(streamId: string): Promise<number>;
}

/** A stream's shelf, as viewers see it. */
export async function listShelf(deps: Pick<StreamDeps, "db">, input: { streamId: string }): Promise<ShelfProductView[]> {
  const stream = await deps.db.liveStream.findUnique({ where: { id: input.streamId }, select: { id: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  return shelfOf(deps.db, input.streamId);
}

/** The shelf row of an active product (locks nothing; callers hold the stream's row lock); NOT_FOUND otherwise. */
async function shelfRow(tx: DbOrTx, streamId: string, productId: string) {
  const row = await tx.streamProduct.findFirst({
    where: { streamId, productId, product: { status: "ACTIVE" } },
    select: { pinnedAt: true, soldOut: true, product: { select: { currency: true, title: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", NOT_ON_SHELF);
  return row;
}

/** Numbers the shelf 0..n-1 in its current order (after a removal), archived products last. */
async function renumber(tx: DbOrTx, streamId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE stream_products sp SET position = ordered.rank - 1
    FROM (SELECT "productId", row_number() OVER (ORDER BY position, "addedAt") AS rank
          FROM stream_products WHERE "streamId" = ${streamId}) ordered
    WHERE sp."streamId" = ${streamId} AND sp."productId" = ordered."productId" AND sp.position <> ordered.rank - 1`;
}

/** Offers one of the stream owner's active products on the shelf (last place). */
export async function addToShelf(deps: ShelfDeps, input: { streamId: string; productId: string }): Promise<ShelfProductView[]> {
  const { stream } = deps;
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    const product = await tx.product.findUnique({ where: { id: input.productId }, select: { ownerId: true, status: true } });
    if (!product) throw new AppError("NOT_FOUND", NO_PRODUCT);
    if (product.ownerId !== stream.ownerId) throw new AppError("FORBIDDEN", OWNER_PRODUCTS_ONLY);
    if (product.status !== "ACTIVE") throw new AppError("NOT_FOUND", "That product is archived: restore it in the catalog first.");
    const rows = await tx.streamProduct.findMany({ where: { streamId: stream.id }, select: { productId: true, position: true } });
    if (rows.some((row) => row.productId === input.productId)) throw new AppError("CONFLICT", "That product is already on the shelf.");
    if (rows.length >= MAX_SHELF) throw new AppError("CONFLICT", `A shelf holds at most ${MAX_SHELF} products: remove one first.`);
    const position = rows.reduce((last, row) => Math.max(last, row.position), -1) + 1;
    await tx.streamProduct.create({ data: { streamId: stream.id, productId: input.productId, position } });
    const shelf = await shelfOf(tx, stream.id);
    return { result: shelf, events: [{ type: "products.shelf", streamId: stream.id, shelf }] };
  });
}

/** Takes a product off the shelf; its running or upcoming flash sale on this stream stops with it. */
export async function removeFromShelf(deps: PinDeps, input: { streamId: string; productId: string }): Promise<ShelfProductView[]> {
  const { stream } = deps;
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    const row = await tx.streamProduct.findUnique({
      where: { streamId_productId: { streamId: stream.id, productId: input.productId } },
      select: { pinnedAt: true, product: { select: { title: true } } },
    });
    const removed = await tx.streamProduct.deleteMany({ where: { streamId: stream.id, productId: input.productId } });
    if (removed.count === 0) throw new AppError("NOT_FOUND", NOT_ON_SHELF);
    // Taking a pinned product off the shelf unpins it: a moment on the analytics timeline.
    const unpinned = row?.pinnedAt ? [await logPin(tx, deps, input.productId, row.product.title, false)] : [];
    await tx.$executeRaw`
      UPDATE flash_sales SET "cancelledAt" = now()
      WHERE "streamId" = ${stream.id} AND "productId" = ${input.productId} AND "cancelledAt" IS NULL AND "endsAt" > now()`;
    await renumber(tx, stream.id);
    const shelf = await shelfOf(tx, stream.id);
    const events: StreamEvent[] = [{ type: "products.shelf", streamId: stream.id, shelf }];
    return {
      result: shelf,
      events: [...events, { type: "products.pinned", streamId: stream.id, products: pinnedOf(shelf) }, ...loggedEvents(unpinned)],
    };
  });
}

/** Puts the shelf in the given order; `productIds` must be exactly the shelf's products. */
export async function reorderShelf(deps: ShelfDeps, input: { streamId: string; productIds: string[] }): Promise<ShelfProductView[]> {
  const { stream } = deps;
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    const rows = await tx.streamProduct.findMany({
      where: { streamId: stream.id },
      orderBy: { position: "asc" },
      select: { productId: true, product: { select: { status: true } } },
    });
    const active = rows.filter((row) => row.product.status === "ACTIVE").map((row) => row.productId);
    const given = new Set(input.productIds);
    if (active.length !== given.size || active.some((id) => !given.has(id))) {
      throw new AppError("BAD_REQUEST", "List every product on the shelf exactly once: the shelf changed, reload it.");
    }
    // Archived products (hidden from viewers) keep their rows, after the visible ones.
    const order = [...input.productIds, ...rows.filter((row) => !given.has(row.productId)).map((row) => row.productId)];
    await tx.$executeRaw`
      UPDATE stream_products sp SET position = o.ord - 1
      FROM unnest(${order}::text[]) WITH ORDINALITY AS o(pid, ord)
      WHERE sp."streamId" = ${stream.id} AND sp."productId" = o.pid`;
    const shelf = await shelfOf(tx, stream.id);
    return {
      result: shelf,
      events: [
        { type: "products.shelf", streamId: stream.id, shelf },
        { type: "products.pinned", streamId: stream.id, products: pinnedOf(shelf) },
      ],
    };
  });
}

/** The audit entry of a pin or unpin (PRODUCT_PIN / PRODUCT_UNPIN): the analytics timeline marks it. */
function logPin(tx: DbOrTx, deps: PinDeps, productId: string, title: string, pinned: boolean) {
  return writeLog(tx, {
    streamId: deps.stream.id,
    actorId: deps.actor.id,
    action: pinned ? "PRODUCT_PIN" : "PRODUCT_UNPIN",
    details: { productId, title },
  });
}

/**
 * Pins or unpins a shelf product (at most 3 pinned). Pinning counts one
 * impression per person watching at that moment (metrics.ts). A change is
 * audited (PRODUCT_PIN / PRODUCT_UNPIN) for the analytics timeline.
 */
export async function pinProduct(
  deps: PinDeps & { viewers: ViewerCounter | null },
  input: { streamId: string; productId: string; pinned: boolean },
): Promise<ShelfProductView[]> {
  const { stream } = deps;
  // Counted before the transaction: presence lives in Redis or memory, not in it.
  const present = input.pinned && deps.viewers ? await deps.viewers.count(stream.id) : null;
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    const row = await shelfRow(tx, stream.id, input.productId);
    const isPinned = row.pinnedAt !== null;
    if (input.pinned && !isPinned) {
      const pinned = await tx.streamProduct.count({
        where: { streamId: stream.id, pinnedAt: { not: null }, product: { status: "ACTIVE" } },
      });
      if (pinned >= MAX_PINNED) throw new AppError("CONFLICT", TOO_MANY_PINNED);
      await tx.streamProduct.update({
        where: { streamId_productId: { streamId: stream.id, productId: input.productId } },
        data: { pinnedAt: new Date() },
      });
      const viewers =
        present ?? (await tx.liveStream.findUniqueOrThrow({ where: { id: stream.id }, select: { viewerCount: true } })).viewerCount;
      await recordShopMetrics(
        tx,
        { streamId: stream.id, productId: input.productId, currency: row.product.currency },
        { impressions: viewers },
      );
    } else if (!input.pinned && isPinned) {
      await tx.streamProduct.update({
        where: { streamId_productId: { streamId: stream.id, productId: input.productId } },
        data: { pinnedAt: null },
      });
    }
    const shelf = await shelfOf(tx, stream.id);
    if (input.pinned === isPinned) return { result: shelf, events: [] };
    const entry = await logPin(tx, deps, input.productId, row.product.title, input.pinned);
    return {
      result: shelf,
      events: [{ type: "products.pinned", streamId: stream.id, products: pinnedOf(shelf) }, ...loggedEvents([entry])],
    };
  });
}

/** The seller marks a shelf product sold out (or available again), whatever its stock says. */
export async function setSoldOut(
  deps: ShelfDeps,
  input: { streamId: string; productId: string; soldOut: boolean },
): Promise<ShelfProductView> {
  const { stream } = deps;
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    await shelfRow(tx, stream.id, input.productId);
    await tx.streamProduct.update({
      where: { streamId_productId: { streamId: stream.id, productId: input.productId } },
      data: { soldOut: input.soldOut },
    });
    const product = (await shelfProductView(tx, stream.id, input.productId))!;
    return { result: product, events: [{ type: "products.updated", streamId: stream.id, product }] };
  });
}

/** The owner lets the stream's moderators manage its shop (or stops letting them). */
export async function setShopModeratorsAllowed(
  deps: Pick<StreamDeps, "db" | "stream">,
  input: { streamId: string; allowed: boolean },
): Promise<{ allowed: boolean }> {
  const { shopModeratorsAllowed } = await deps.db.liveStream.update({
    where: { id: deps.stream.id },
    data: { shopModeratorsAllowed: input.allowed },
    select: { shopModeratorsAllowed: true },
  });
  return { allowed: shopModeratorsAllowed };
}
