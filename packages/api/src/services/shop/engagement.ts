import type { DbOrTx } from "@onair/db";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { ShelfProductView } from "../../events/types";
import { AppError } from "../../errors";
import type { ServiceDeps } from "../deps";
import { limiterKey, type RateLimitStore } from "../limits/rate-limit-store";
import { recordShopMetrics } from "./metrics";
import { NOT_ON_SHELF } from "./shelf";

/** One client's opens of one product count at most this often (reopening the same details is not new interest). */
export const OPENS_PER_PRODUCT = { points: 1, durationSeconds: 60 };
/** And at most this many opens of any products per client and minute. */
export const OPENS_PER_CLIENT = { points: 30, durationSeconds: 60 };

const limiters = new WeakMap<RateLimitStore, { product: RateLimiterAbstract; client: RateLimiterAbstract }>();

function openLimiters(store: RateLimitStore) {
  let found = limiters.get(store);
  if (!found) {
    found = {
      product: store.limiter({ name: "shop-open-product", ...OPENS_PER_PRODUCT }),
      client: store.limiter({ name: "shop-open-client", ...OPENS_PER_CLIENT }),
    };
    limiters.set(store, found);
  }
  return found;
}

async function allowed(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(limiterKey(key));
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

/**
 * A viewer opened a shelf product's details: counts one `opens` unless this
 * client (signed-in user, else address) already counted that product within
 * the last minute or opened too many products; then `recorded` is false.
 */
export async function recordOpen(
  deps: Pick<ServiceDeps, "db" | "limits" | "actor" | "clientIp">,
  input: { streamId: string; productId: string },
): Promise<{ recorded: boolean }> {
  const row = await deps.db.streamProduct.findFirst({
    where: { streamId: input.streamId, productId: input.productId, product: { status: "ACTIVE" } },
    select: { product: { select: { currency: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", NOT_ON_SHELF);
  const client = deps.actor ? `user:${deps.actor.id}` : deps.clientIp ? `ip:${deps.clientIp}` : null;
  if (client) {
    const { product, client: perClient } = openLimiters(deps.limits.store);
    if (!(await allowed(product, `${client}:${input.streamId}:${input.productId}`))) return { recorded: false };
    if (!(await allowed(perClient, client))) return { recorded: false };
  }
  await recordShopMetrics(deps.db, { ...input, currency: row.product.currency }, { opens: 1 });
  return { recorded: true };
}

/**
 * A viewer joined (or rejoined) while products are pinned: one impression per
 * pinned product, in one statement (realtime/feeds.ts, after the snapshot).
 */
export async function recordJoinImpressions(db: DbOrTx, streamId: string, shelf: ShelfProductView[]): Promise<void> {
  const pinned = shelf.filter((product) => product.pinned);
  if (pinned.length === 0) return;
  const ids = pinned.map((product) => product.productId);
  const currencies = pinned.map((product) => product.currency);
  await db.$executeRaw`
    INSERT INTO shop_metric_minutes ("streamId", "productId", "minute", impressions, currency)
    SELECT ${streamId}, p.id, date_trunc('minute', now() AT TIME ZONE 'UTC'), 1, p.currency
    FROM unnest(${ids}::text[], ${currencies}::text[]) AS p(id, currency)
    ON CONFLICT ("streamId", "minute", "productId") DO UPDATE SET impressions = shop_metric_minutes.impressions + 1`;
}
