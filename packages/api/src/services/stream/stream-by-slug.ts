import type { DbOrTx } from "@onair/db";
import { AppError } from "../../errors";
import type { ServiceDeps } from "../deps";
import { playbackOf, playbackSelect, sourceConnectedOf, thumbnailUrlOf } from "./playback";
import { streamDetailSelect } from "./stream-view";

/** A stream's page, by its slug: its details, how to play it, its thumbnail and (INGEST) whether the encoder is connected. */
export async function streamBySlug(deps: { db: DbOrTx } & Pick<ServiceDeps, "agora">, input: { slug: string }) {
  const stream = await deps.db.liveStream.findUnique({
    where: { slug: input.slug },
    select: { ...streamDetailSelect, ...playbackSelect, thumbnailKey: true, ingestConnectedAt: true },
  });
  if (!stream) throw new AppError("NOT_FOUND", `No stream at /s/${input.slug}.`);
  const { thumbnailKey, ingestConnectedAt, recordings: _recordings, replayUrl: _replayUrl, ...details } = stream;
  return {
    ...details,
    thumbnailUrl: thumbnailUrlOf(thumbnailKey),
    playback: playbackOf(stream, deps.agora),
    sourceConnected: sourceConnectedOf({ videoProvider: stream.videoProvider, ingestConnectedAt }),
  };
}
