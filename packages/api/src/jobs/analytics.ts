import type { Db } from "@onair/db";
import { collectStreamMetrics, type CollectInput } from "../services/analytics/collector";
import type { JobQueue } from "./job-queue";

export interface AnalyticsCollectorOptions {
  /** One collection per interval across all instances (default 60 s). */
  intervalSeconds?: number;
  /** Passed to each run (tests shorten the lag). */
  collect?: Omit<CollectInput, "now">;
}

/**
 * Offers the current interval's collection: the slot (singletonKey and
 * singletonSeconds, by the database's clock) lets one job exist per interval
 * however many processes offer it. Resolves to whether this call queued it.
 */
export async function offerAnalyticsCollect(queue: Pick<JobQueue, "send">, intervalSeconds: number): Promise<boolean> {
  const id = await queue.send("analytics.collect", {}, { singletonKey: "collect", singletonSeconds: intervalSeconds });
  return id !== null;
}

/**
 * Runs the analytics collector on this process (like the stream monitor):
 * works `analytics.collect` jobs and offers one every half interval. Even if two
 * runs overlapped, each stream's minutes are written once (the cursor lock).
 * The queue must have started; stop the returned handle before stopping the queue.
 */
export async function startAnalyticsCollector(queue: JobQueue, deps: { db: Db }, options: AnalyticsCollectorOptions = {}) {
  const intervalSeconds = options.intervalSeconds ?? 60;
  await queue.work(
    "analytics.collect",
    async () => {
      const result = await collectStreamMetrics(deps, options.collect ?? {});
      if (!result.caughtUp) {
        console.log(
          `[analytics] wrote ${result.minutes} minute(s) in ${result.batches} batch(es); still catching up, the next run continues`,
        );
      }
    },
    { pollingIntervalSeconds: Math.min(2, Math.max(0.5, intervalSeconds / 2)) },
  );
  const offer = () =>
    offerAnalyticsCollect(queue, intervalSeconds).catch((error: unknown) => {
      console.error(`[analytics] could not queue the collector: ${(error as Error).message}`);
    });
  void offer();
  const timer = setInterval(() => void offer(), (intervalSeconds * 1_000) / 2);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
