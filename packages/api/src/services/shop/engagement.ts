import type { DbOrTx } from "@onair/db";
import type { ShelfProductView } from "../../events/types";
import { AppError } from "../../errors";
import type { ServiceDeps } from "../deps";
import { recordShopMetrics } from "./metrics";
import { NOT_ON_SHELF } from "./shelf";

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
  if (client && !(await deps.limits.shop.takeOpen(client, input.streamId, input.productId))) return { recorded: false };
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
