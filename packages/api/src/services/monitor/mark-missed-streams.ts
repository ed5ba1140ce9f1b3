import type { ServiceDeps } from "../deps";
import { loggedEvents, writeLog } from "../moderation/audit";
import { inTransaction } from "../shared/transaction";

type Deps = Pick<ServiceDeps, "db" | "bus">;

/** A scheduled stream that has not started this long after its planned start is missed. */
export const MISSED_AFTER_MS = 60 * 60 * 1_000;

/** Streams one sweep marks at most; the rest wait for the next sweep. */
const STREAMS_PER_SWEEP = 100;

/**
 * Marks SCHEDULED streams MISSED an hour after their planned start (audit
 * STREAM_MISSED, no actor). The owner can still start a missed stream. No
 * stream event: `stream.updated` carries no status, and nobody waits on a
 * scheduled stream's page for this; the status shows on the next read.
 * Returns the ids of the streams it marked.
 */
export async function markMissedStreams(deps: Deps, input: { now: Date }): Promise<string[]> {
  const cutoff = new Date(input.now.getTime() - MISSED_AFTER_MS);
  const where = { status: "SCHEDULED", scheduledStartAt: { lt: cutoff } } as const;
  const candidates = await deps.db.liveStream.findMany({
    where,
    select: { id: true, scheduledStartAt: true },
    orderBy: { scheduledStartAt: "asc" },
    take: STREAMS_PER_SWEEP,
  });
  const marked: string[] = [];
  for (const stream of candidates) {
    const didMark = await inTransaction(deps, async (tx) => {
      const { count } = await tx.liveStream.updateMany({ where: { id: stream.id, ...where }, data: { status: "MISSED" } });
      if (count === 0) return { result: false, events: [] };
      const entry = await writeLog(tx, {
        streamId: stream.id,
        actorId: null,
        action: "STREAM_MISSED",
        reason: "The stream did not start within an hour of its scheduled time.",
        details: { scheduledStartAt: stream.scheduledStartAt!.toISOString() },
      });
      return { result: true, events: loggedEvents([entry]) };
    });
    if (didMark) marked.push(stream.id);
  }
  return marked;
}
