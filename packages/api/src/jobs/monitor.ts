import type { ServiceDeps } from "../services/deps";
import { runMonitorSweep } from "../services/monitor/sweep";
import type { JobQueue } from "./job-queue";

export interface MonitorOptions {
  /** MONITOR_INTERVAL_SECONDS: one sweep per interval across all instances. */
  intervalSeconds: number;
  /** STREAM_SILENCE_END_SECONDS. */
  silenceEndSeconds: number;
}

/**
 * Offers the current interval's sweep. The job's slot (singletonKey and
 * singletonSeconds, by the database's clock) lets one job exist per interval,
 * so however many processes offer it, one sweep runs. Resolves to whether this
 * call queued it.
 */
export async function offerSweep(queue: Pick<JobQueue, "send">, intervalSeconds: number): Promise<boolean> {
  const id = await queue.send("monitor.sweep", {}, { singletonKey: "sweep", singletonSeconds: intervalSeconds });
  return id !== null;
}

/**
 * Runs the stream monitor on this process: works `monitor.sweep` jobs and
 * offers one every half interval (so every interval gets its sweep even when
 * the timer drifts, and the offers of all processes make one job). The queue
 * must have started; stop the returned handle before stopping the queue.
 */
export async function startMonitor(queue: JobQueue, deps: Pick<ServiceDeps, "db" | "bus">, options: MonitorOptions) {
  await queue.work(
    "monitor.sweep",
    async () => {
      const result = await runMonitorSweep(deps, { silenceEndSeconds: options.silenceEndSeconds });
      const { endedStreamIds, missedStreamIds, closedViewerSessions } = result;
      if (endedStreamIds.length + missedStreamIds.length + closedViewerSessions > 0) {
        console.log(
          `[monitor] ended ${endedStreamIds.length} silent stream(s), marked ${missedStreamIds.length} missed, closed ${closedViewerSessions} viewer session(s) of stopped servers`,
        );
      }
    },
    { pollingIntervalSeconds: Math.min(2, Math.max(0.5, options.intervalSeconds / 2)) },
  );
  const offer = () =>
    offerSweep(queue, options.intervalSeconds).catch((error: unknown) => {
      console.error(`[monitor] could not queue the sweep: ${(error as Error).message}`);
    });
  void offer();
  const timer = setInterval(() => void offer(), (options.intervalSeconds * 1_000) / 2);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
