import type { DbOrTx } from "@onair/db";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../../errors";
import type { Limits } from "../limits/limits";
import { limiterKey } from "../limits/rate-limit-store";
import { canManageStream, type StreamRef, type StreamRole } from "../moderation/permissions";
import type { StreamDeps } from "../deps";

export const ANALYTICS_READERS_ONLY = "Only the stream's owner (or a moderator the owner lets see analytics) can see its analytics.";

/**
 * Who reads a stream's analytics: its owner and admins, and the stream's
 * appointed moderators while the owner allows it (LiveStream.analyticsModeratorsAllowed).
 * Global moderators never (they keep chat healthy; the numbers are the creator's).
 * Throws FORBIDDEN for anyone else.
 */
export async function assertAnalyticsReader(db: DbOrTx, stream: StreamRef, actor: { id: string }, role: StreamRole): Promise<void> {
  if (canManageStream(role)) return;
  if (role !== "moderator") throw new AppError("FORBIDDEN", ANALYTICS_READERS_ONLY);
  const allowed = await db.liveStream.count({
    where: { id: stream.id, analyticsModeratorsAllowed: true, moderators: { some: { userId: actor.id } } },
  });
  if (allowed === 0) throw new AppError("FORBIDDEN", ANALYTICS_READERS_ONLY);
}

/** The owner lets the stream's moderators read its analytics (or stops letting them). */
export async function setAnalyticsModeratorsAllowed(
  deps: Pick<StreamDeps, "db" | "stream">,
  input: { streamId: string; allowed: boolean },
): Promise<{ allowed: boolean }> {
  const { analyticsModeratorsAllowed } = await deps.db.liveStream.update({
    where: { id: deps.stream.id },
    data: { analyticsModeratorsAllowed: input.allowed },
    select: { analyticsModeratorsAllowed: true },
  });
  return { allowed: analyticsModeratorsAllowed };
}

/**
 * Reads that compute from the source tables, per person and minute, in the
 * shared rate-limit store: the studio refetches a live stream's analytics every
 * 30 s (several tabs fit); the admin overview scans the whole site.
 */
export const ANALYTICS_READS = { streamPerMinute: 30, sitePerMinute: 10 };

const limiters = new WeakMap<Limits, { stream: RateLimiterAbstract; site: RateLimiterAbstract }>();

function limitersOf(limits: Limits) {
  let entry = limiters.get(limits);
  if (!entry) {
    entry = {
      stream: limits.store.limiter({ name: "analytics-stream", points: ANALYTICS_READS.streamPerMinute, durationSeconds: 60 }),
      site: limits.store.limiter({ name: "analytics-site", points: ANALYTICS_READS.sitePerMinute, durationSeconds: 60 }),
    };
    limiters.set(limits, entry);
  }
  return entry;
}

/** Counts one analytics read of `userId`; TOO_MANY_REQUESTS (with retryAfterMs) past the allowance. */
export async function takeAnalyticsRead(limits: Limits, kind: "stream" | "site", userId: string): Promise<void> {
  try {
    await limitersOf(limits)[kind].consume(limiterKey(userId));
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new AppError("TOO_MANY_REQUESTS", `Too many analytics requests: try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, {
      retryAfterMs: error.msBeforeNext,
    });
  }
}
