import type { JobQueue } from "../../../jobs/job-queue";
import type { ServiceDeps } from "../../deps";
import { releaseHold, sweepExpiredHolds } from "./release";

/** How often each worker process also looks for holds whose job was lost (conditional updates: safe on every instance). */
export const HOLD_SWEEP_INTERVAL_MS = 60_000;

/**
 * Runs `shop.releaseHold` jobs on this process, and a sweep every
 * HOLD_SWEEP_INTERVAL_MS for expired holds and unpaid card orders whose job
 * never ran. The queue must have started; stop the handle before the queue.
 */
export async function startShopHoldWorker(queue: JobQueue, deps: Pick<ServiceDeps, "db" | "bus" | "shop">) {
  await queue.work("shop.releaseHold", async ({ checkoutId }) => {
    await releaseHold(deps, { checkoutId });
  });
  const sweep = () =>
    sweepExpiredHolds(deps).then(
      (released) => {
        if (released > 0) console.log(`[shop] released ${released} expired hold(s) whose job was lost`);
      },
      (error: unknown) => console.error(`[shop] hold sweep failed: ${(error as Error).message}`),
    );
  const timer = setInterval(() => void sweep(), HOLD_SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
