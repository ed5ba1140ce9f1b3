import type { Prisma } from "@onair/db";
import type { StreamEvent } from "../../events/types";
import type { ServiceDeps } from "../deps";
import { loggedEvents, writeLog } from "../moderation/audit";
import { inTransaction } from "../shared/transaction";

type Deps = Pick<ServiceDeps, "db" | "bus">;

/** Streams one sweep ends at most; the rest wait for the next sweep. */
const STREAMS_PER_SWEEP = 100;

/**
 * A live INGEST stream is silent when nothing has happened on its source for
 * `silenceEndSeconds`: no media (ingestLastDataAt), no new encoder connection
 * (ingestConnectedAt), and it did not just go live (startedAt). This covers an
 * encoder that went away and one still connected but sending nothing (hung).
 */
function silentSince(cutoff: Date): Prisma.LiveStreamWhereInput {
  return {
    status: "LIVE",
    videoProvider: "INGEST",
    AND: [
      { OR: [{ ingestLastDataAt: null }, { ingestLastDataAt: { lt: cutoff } }] },
      { OR: [{ ingestConnectedAt: null }, { ingestConnectedAt: { lt: cutoff } }] },
      { OR: [{ startedAt: null }, { startedAt: { lt: cutoff } }] },
    ],
  };
}

function lastSign(stream: { ingestLastDataAt: Date | null; ingestConnectedAt: Date | null; startedAt: Date | null }): number | null {
  const times = [stream.ingestLastDataAt, stream.ingestConnectedAt, stream.startedAt].filter((time) => time !== null);
  return times.length > 0 ? Math.max(...times.map((time) => time.getTime())) : null;
}

/**
 * Ends the live INGEST streams whose source has been silent for
 * `silenceEndSeconds` (audit STREAM_AUTO_END, no actor; `stream.ended` after
 * commit). Each stream ends in its own transaction whose status guard re-checks
 * the silence, so racing sweeps end a stream once (one audit row, one event),
 * and a stream whose media came back in the meantime stays live.
 * Returns the ids of the streams it ended.
 */
export async function endSilentStreams(deps: Deps, input: { now: Date; silenceEndSeconds: number }): Promise<string[]> {
  const cutoff = new Date(input.now.getTime() - input.silenceEndSeconds * 1_000);
  const candidates = await deps.db.liveStream.findMany({
    where: silentSince(cutoff),
    select: { id: true, ingestLastDataAt: true, ingestConnectedAt: true, startedAt: true },
    orderBy: { startedAt: "asc" },
    take: STREAMS_PER_SWEEP,
  });
  const ended: string[] = [];
  for (const stream of candidates) {
    const since = lastSign(stream);
    const silentSeconds = since === null ? input.silenceEndSeconds : Math.floor((input.now.getTime() - since) / 1_000);
    const didEnd = await inTransaction(deps, async (tx) => {
      const endedAt = input.now;
      const { count } = await tx.liveStream.updateMany({
        where: { id: stream.id, ...silentSince(cutoff) },
        data: { status: "ENDED", endedAt },
      });
      if (count === 0) return { result: false, events: [] };
      const entry = await writeLog(tx, {
        streamId: stream.id,
        actorId: null,
        action: "STREAM_AUTO_END",
        reason: `The source was silent for ${silentSeconds} seconds.`,
        details: { silentSeconds },
      });
      const events: StreamEvent[] = [{ type: "stream.ended", streamId: stream.id, endedAt }, ...loggedEvents([entry])];
      return { result: true, events };
    });
    if (didEnd) ended.push(stream.id);
  }
  return ended;
}
