import type { DbOrTx } from "@onair/db";
import type { PinnedProductView, StreamEvent } from "../../events/types";
import { AppError } from "../../errors";
import { chatSettingsSelect } from "./stream-view";

async function pinnedProducts(db: DbOrTx, streamId: string): Promise<PinnedProductView[]> {
  const pins = await db.pinnedProduct.findMany({
    where: { streamId, product: { active: true } },
    orderBy: { position: "asc" },
    select: { position: true, product: { select: { id: true, name: true, priceCents: true, currency: true, imageUrl: true } } },
  });
  return pins.map(({ position, product }) => ({
    productId: product.id,
    name: product.name,
    priceCents: product.priceCents,
    currency: product.currency,
    imageUrl: product.imageUrl,
    position,
  }));
}

/** The fresh state a viewer gets when (re)joining a stream: ephemeral state is re-sent, never replayed. */
export async function streamSnapshot(
  deps: { db: DbOrTx },
  input: { streamId: string; viewerCount: number },
): Promise<Extract<StreamEvent, { type: "stream.snapshot" }>> {
  const { db } = deps;
  const { streamId, viewerCount } = input;
  const stream = await db.liveStream.findUnique({
    where: { id: streamId },
    select: {
      status: true,
      title: true,
      startedAt: true,
      endedAt: true,
      ...chatSettingsSelect,
      peakViewers: true,
      likeCount: true,
      videoProvider: true,
      ingestConnectedAt: true,
    },
  });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  const { videoProvider, ingestConnectedAt, ...state } = stream;
  return {
    type: "stream.snapshot",
    streamId,
    state: {
      ...state,
      viewerCount,
      peakViewers: Math.max(stream.peakViewers, viewerCount),
      sourceConnected: videoProvider === "INGEST" ? ingestConnectedAt !== null : null,
    },
    pinnedProducts: await pinnedProducts(db, streamId),
  };
}
