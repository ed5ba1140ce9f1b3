import type { DbOrTx } from "@onair/db";

/**
 * Live-shopping figures per stream, product and minute (table shop_metric_minutes),
 * each recorded in the same transaction as the change it counts, so a figure
 * is never counted twice or lost:
 * - impressions: pinning a product adds the number of people watching the stream
 *   at that moment; each viewer who joins (or rejoins) while it is pinned adds one;
 * - opens: a viewer opened the product's details (shop.recordOpen);
 * - checkoutsStarted: a checkout opened (units held);
 * - orders, units, revenueCents: orders placed, in the product's currency
 *   (cancellations and refunds are not subtracted: orders' statuses say that).
 * The minute is the database's clock, truncated (UTC).
 */
export interface ShopMetricIncrements {
  impressions?: number;
  opens?: number;
  checkoutsStarted?: number;
  orders?: number;
  units?: number;
  revenueCents?: number;
}

export async function recordShopMetrics(
  db: DbOrTx,
  target: { streamId: string; productId: string; currency: string },
  increments: ShopMetricIncrements,
): Promise<void> {
  const { impressions = 0, opens = 0, checkoutsStarted = 0, orders = 0, units = 0, revenueCents = 0 } = increments;
  if (impressions + opens + checkoutsStarted + orders + units + revenueCents === 0) return;
  await db.$executeRaw`
    INSERT INTO shop_metric_minutes ("streamId", "productId", "minute", impressions, opens, "checkoutsStarted", orders, units, "revenueCents", currency)
    VALUES (${target.streamId}, ${target.productId}, date_trunc('minute', now() AT TIME ZONE 'UTC'),
            ${impressions}, ${opens}, ${checkoutsStarted}, ${orders}, ${units}, ${revenueCents}, ${target.currency})
    ON CONFLICT ("streamId", "minute", "productId") DO UPDATE SET
      impressions = shop_metric_minutes.impressions + EXCLUDED.impressions,
      opens = shop_metric_minutes.opens + EXCLUDED.opens,
      "checkoutsStarted" = shop_metric_minutes."checkoutsStarted" + EXCLUDED."checkoutsStarted",
      orders = shop_metric_minutes.orders + EXCLUDED.orders,
      units = shop_metric_minutes.units + EXCLUDED.units,
      "revenueCents" = shop_metric_minutes."revenueCents" + EXCLUDED."revenueCents"`;
}
