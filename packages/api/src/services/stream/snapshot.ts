import type { DbOrTx } from "@onair/db";
import type { StreamEvent } from "../../events/types";
import { AppError } from "../../errors";
import { shelfOf } from "../shop/shelf-view";
import { chatSettingsSelect } from "./stream-view";

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
    shelf: await shelfOf(db, streamId),
    serverTime: new Date(),
  };
}
