import type { Db } from "@onair/db";
import webpush from "web-push";
import type { JobQueue, JobSender } from "../../jobs/job-queue";
import { jobIdFor, pushPayload, type PushPayload } from "./payload";
import { endpointAllowed, type PushSettings } from "./settings";

/** How long one delivery may take before it counts as a network failure (and is retried). */
const PUSH_TIMEOUT_MS = 10_000;
/** How long a push service keeps a push for an offline device. */
const PUSH_TTL_SECONDS = 24 * 60 * 60;

/**
 * Queues one push.send job per subscription of each user. `key` names what is
 * pushed (a notification's dedupe key): queued again (a retried producer), the
 * same job is not inserted twice. Nothing when push is off.
 */
export async function queuePushes(
  deps: { db: Db; jobs: JobSender; push: PushSettings },
  pushes: Array<{ userId: string; key: string; payload: PushPayload }>,
): Promise<number> {
  if (!deps.push.vapid || pushes.length === 0) return 0;
  const subscriptions = await deps.db.pushSubscription.findMany({
    where: { userId: { in: [...new Set(pushes.map((push) => push.userId))] } },
    select: { id: true, userId: true },
  });
  let queued = 0;
  for (const push of pushes) {
    for (const subscription of subscriptions) {
      if (subscription.userId !== push.userId) continue;
      const payload = pushPayload(push.payload);
      const id = await deps.jobs.send(
        "push.send",
        { subscriptionId: subscription.id, ...payload },
        { id: jobIdFor(`push:${subscription.id}:${push.key}`) },
      );
      if (id) queued += 1;
    }
  }
  return queued;
}

export type PushOutcome = "delivered" | "gone" | "refused" | "skipped";

/** A delivery that may work later (429, 5xx, no answer): the job fails and pg-boss retries it. */
export class PushRetryableError extends Error {
  override name = "PushRetryableError";
}

/**
 * Delivers one push (the push.send job). web-push encrypts the payload
 * (aes128gcm, RFC 8291) and signs the VAPID header; the request goes out
 * with fetch, without following redirects. 2xx: delivered (failures reset);
 * 404/410: the browser unsubscribed, the subscription is removed; 429, 5xx and
 * network errors throw PushRetryableError (counted as a failure on the last
 * attempt); other answers are counted and not retried.
 */
export async function deliverPush(
  deps: { db: Db; push: PushSettings },
  job: { subscriptionId: string } & PushPayload,
  attempt: { last: boolean } = { last: true },
): Promise<PushOutcome> {
  const { vapid } = deps.push;
  if (!vapid) return "skipped";
  const subscription = await deps.db.pushSubscription.findUnique({ where: { id: job.subscriptionId } });
  if (!subscription) return "skipped";
  // Checked again: the allowed origins may have changed since it was stored.
  if (!endpointAllowed(deps.push, subscription.endpoint)) return "skipped";
  const { subscriptionId: _id, ...payload } = job;
  let request: webpush.RequestDetails;
  try {
    request = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      JSON.stringify(payload),
      { vapidDetails: vapid, TTL: PUSH_TTL_SECONDS, contentEncoding: "aes128gcm", urgency: "normal" },
    );
  } catch (error) {
    // Keys that are not a point on the curve: no attempt can succeed.
    await countFailure(deps.db, subscription.id, true);
    console.warn(`[push] subscription ${subscription.id}: cannot encrypt for its keys (${(error as Error).message}); not sent`);
    return "refused";
  }
  let status: number;
  try {
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: request.body ? new Uint8Array(request.body) : null,
      redirect: "manual",
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    await countFailure(deps.db, subscription.id, attempt.last);
    throw new PushRetryableError(`push service unreachable: ${(error as Error).message}`);
  }
  if (status >= 200 && status < 300) {
    await deps.db.pushSubscription.update({ where: { id: subscription.id }, data: { failures: 0, lastSuccessAt: new Date() } });
    return "delivered";
  }
  if (status === 404 || status === 410) {
    await deps.db.pushSubscription.deleteMany({ where: { id: subscription.id } });
    return "gone";
  }
  if (status === 429 || status >= 500) {
    await countFailure(deps.db, subscription.id, attempt.last);
    throw new PushRetryableError(`push service answered ${status}`);
  }
  await countFailure(deps.db, subscription.id, true);
  console.warn(`[push] subscription ${subscription.id}: the push service refused the push (${status}); not retried`);
  return "refused";
}

/** Consecutive failed deliveries: counted once per push, when it has finally failed. */
async function countFailure(db: Db, subscriptionId: string, final: boolean): Promise<void> {
  if (final) await db.pushSubscription.updateMany({ where: { id: subscriptionId }, data: { failures: { increment: 1 } } });
}

/** Works the push.send queue on this process (a worker: JOBS_WORKER). */
export async function startPushWorker(jobs: JobQueue, deps: { db: Db; push: PushSettings }): Promise<void> {
  await jobs.work("push.send", async (data, job) => {
    await deliverPush(deps, data, { last: job.retryCount >= job.retryLimit });
  });
}
