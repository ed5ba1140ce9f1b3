import { ECDH } from "node:crypto";
import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { limiterKey, type RateLimitStore } from "../limits/rate-limit-store";
import type { SubscribeInput } from "./schemas";
import { queuePushes } from "./send";
import { endpointAllowed } from "./settings";

/** Devices one user may receive pushes on; subscribing another replaces the one unused longest. */
export const MAX_PUSH_SUBSCRIPTIONS = 10;
/** push.subscribe and push.test per user and window (each makes the server work: a row, a push per device). */
export const PUSH_CALLS = { points: 10, durationSeconds: 60 };

const limitersByStore = new WeakMap<RateLimitStore, RateLimiterAbstract>();
async function takePushCall(deps: Pick<SignedInDeps, "limits" | "actor">): Promise<void> {
  let limiter = limitersByStore.get(deps.limits.store);
  if (!limiter) {
    limiter = deps.limits.store.limiter({ name: "push-user", ...PUSH_CALLS });
    limitersByStore.set(deps.limits.store, limiter);
  }
  try {
    await limiter.consume(limiterKey(deps.actor.id));
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw new AppError("TOO_MANY_REQUESTS", "Too many push requests: try again in a minute.", { retryAfterMs: error.msBeforeNext });
  }
}

/** Whether a base64url key is an uncompressed point on P-256 (a browser's p256dh; pushes cannot be encrypted for anything else). */
function isP256Point(key: string): boolean {
  try {
    ECDH.convertKey(Buffer.from(key, "base64url"), "prime256v1");
    return true;
  } catch {
    return false;
  }
}

export function pushPublicKey(deps: Pick<SignedInDeps, "push">): { publicKey: string | null } {
  return { publicKey: deps.push.vapid?.publicKey ?? null };
}

/**
 * Stores the browser's subscription for the caller. An endpoint belongs to one
 * browser: subscribing it again (this user or another who signed in there)
 * moves it to the caller with the new keys.
 */
export async function subscribePush(
  deps: Pick<SignedInDeps, "db" | "actor" | "push" | "limits">,
  input: SubscribeInput,
): Promise<{ id: string }> {
  const { db, actor } = deps;
  if (!deps.push.vapid) throw new AppError("PRECONDITION_FAILED", "Push notifications are not set up on this server.");
  if (!endpointAllowed(deps.push, input.endpoint)) {
    throw new AppError("BAD_REQUEST", "endpoint is not a known push service: use the subscription your browser's push manager gave you.");
  }
  if (!isP256Point(input.keys.p256dh))
    throw new AppError("BAD_REQUEST", "keys.p256dh is not a P-256 public key: send the keys your browser's subscription gave you.");
  await takePushCall(deps);
  const data = { userId: actor.id, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: input.userAgent ?? null, failures: 0 };
  const { id } = await db.pushSubscription.upsert({
    where: { endpoint: input.endpoint },
    create: { endpoint: input.endpoint, ...data },
    update: data,
    select: { id: true },
  });
  // Past the cap, the devices that received nothing for longest go (this one stays).
  const extra = await db.pushSubscription.findMany({
    where: { userId: actor.id, id: { not: id } },
    orderBy: [{ lastSuccessAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    skip: MAX_PUSH_SUBSCRIPTIONS - 1,
    select: { id: true },
  });
  if (extra.length > 0) await db.pushSubscription.deleteMany({ where: { id: { in: extra.map((row) => row.id) } } });
  return { id };
}

export async function unsubscribePush(
  deps: Pick<SignedInDeps, "db" | "actor">,
  input: { endpoint: string },
): Promise<{ removed: boolean }> {
  const { count } = await deps.db.pushSubscription.deleteMany({ where: { endpoint: input.endpoint, userId: deps.actor.id } });
  return { removed: count > 0 };
}

/** Removes one of the caller's devices by its id (push.subscriptions lists them): another browser the caller no longer uses. */
export async function removePushDevice(deps: Pick<SignedInDeps, "db" | "actor">, input: { id: string }): Promise<{ removed: boolean }> {
  const { count } = await deps.db.pushSubscription.deleteMany({ where: { id: input.id, userId: deps.actor.id } });
  return { removed: count > 0 };
}

export async function pushSubscriptions(deps: Pick<SignedInDeps, "db" | "actor">) {
  return deps.db.pushSubscription.findMany({
    where: { userId: deps.actor.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, userAgent: true, createdAt: true, lastSuccessAt: true },
  });
}

/** Sends a test push to each of the caller's devices. */
export async function testPush(deps: Pick<SignedInDeps, "db" | "actor" | "push" | "limits" | "jobs">): Promise<{ queued: number }> {
  if (!deps.push.vapid) throw new AppError("PRECONDITION_FAILED", "Push notifications are not set up on this server.");
  await takePushCall(deps);
  const queued = await queuePushes(deps, [
    {
      userId: deps.actor.id,
      key: `test:${Date.now()}`,
      payload: { title: "OnAir", body: "Push notifications work on this device.", url: "/settings/notifications", tag: "onair-test" },
    },
  ]);
  return { queued };
}
