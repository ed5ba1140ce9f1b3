import type { DbOrTx } from "@onair/db";
import type { StreamEvent } from "../../../events/types";
import type { ServiceDeps } from "../../deps";
import { inTransaction } from "../../shared/transaction";
import { orderSelect, sellerOrderView, shopTotals } from "../orders/views";
import { returnUnits, stockEvents, type HeldUnits } from "./units";

/** Checkouts the safety sweep releases per run. */
export const RELEASE_SWEEP_LIMIT = 500;

type Deps = Pick<ServiceDeps, "db" | "bus" | "shop">;

export interface ReleaseResult {
  expiredCheckout: boolean;
  cancelledOrder: boolean;
}

/**
 * The `shop.releaseHold` job: an OPEN checkout past its expiry becomes EXPIRED
 * and its units (and deal units) go back on sale; a card order still unpaid
 * past its payBy is cancelled the same way. Conditional on the status, so it
 * is safe to run twice, late, or on every instance.
 */
export async function releaseHold(deps: Deps, input: { checkoutId: string }): Promise<ReleaseResult> {
  const result = await inTransaction<ReleaseResult>(deps, async (tx) => {
    const events: StreamEvent[] = [];
    const [expired] = await tx.$queryRaw<HeldUnits[]>`
      UPDATE checkouts SET status = 'EXPIRED', "updatedAt" = now()
      WHERE id = ${input.checkoutId} AND status = 'OPEN' AND "expiresAt" <= now()
      RETURNING "userId", "streamId", "productId", "variantId", quantity, "flashSaleId"`;
    if (expired) {
      await returnUnits(tx, expired);
      events.push(...(await stockEvents(tx, expired.streamId, expired.productId)));
      return { result: { expiredCheckout: true, cancelledOrder: false }, events };
    }
    const cancelled = await cancelUnpaidOrder(tx, input.checkoutId);
    if (cancelled) events.push(...cancelled);
    return { result: { expiredCheckout: false, cancelledOrder: cancelled !== null }, events };
  });
  if (result.cancelledOrder) await cancelAtProvider(deps, input.checkoutId);
  return result;
}

/**
 * After an unpaid card order was cancelled: cancel its PaymentIntent too, so the
 * buyer cannot pay for it any more. Best effort: if the payment went through
 * meanwhile, Stripe refuses, and its "succeeded" webhook refunds the payment.
 */
async function cancelAtProvider(deps: Deps, checkoutId: string): Promise<void> {
  const order = await deps.db.order.findUnique({
    where: { checkoutId },
    select: { id: true, number: true, totalCents: true, currency: true, paymentRef: true, paymentProvider: true },
  });
  const provider = order ? deps.shop.payments.providers.get(order.paymentProvider) : undefined;
  if (!order || !provider) return;
  await provider.cancel(order).catch((error: unknown) => {
    console.error(`[shop] could not cancel the payment of order ${order.number}: ${(error as Error).message}`);
  });
}

/** A card order of the checkout, still PENDING past payBy → CANCELLED with its units back; null when there is none. */
async function cancelUnpaidOrder(tx: DbOrTx, checkoutId: string): Promise<StreamEvent[] | null> {
  const [order] = await tx.$queryRaw<(HeldUnits & { id: string })[]>`
    UPDATE orders SET status = 'CANCELLED', "cancelledAt" = now(), "updatedAt" = now()
    WHERE "checkoutId" = ${checkoutId} AND status = 'PENDING' AND "paymentProvider" = 'STRIPE' AND "payBy" <= now()
    RETURNING id, "userId", "streamId", "productId", "variantId", quantity, "flashSaleId"`;
  if (!order) return null;
  await returnUnits(tx, order);
  return orderChangedEvents(tx, order.id);
}

/** `orders.updated` (with the stream's totals) and `products.stock` after an order's status changed. */
export async function orderChangedEvents(tx: DbOrTx, orderId: string, options: { stock?: boolean } = {}): Promise<StreamEvent[]> {
  const row = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: orderSelect });
  if (!row.streamId) return [];
  const events: StreamEvent[] = [
    { type: "orders.updated", streamId: row.streamId, order: sellerOrderView(row), totals: await shopTotals(tx, row.streamId) },
  ];
  if (options.stock ?? true) events.push(...(await stockEvents(tx, row.streamId, row.productId)));
  return events;
}

/**
 * The safety net for lost jobs: releases open checkouts past their expiry and
 * unpaid card orders past payBy (at most RELEASE_SWEEP_LIMIT of each per run).
 */
export async function sweepExpiredHolds(deps: Deps): Promise<number> {
  const due = await deps.db.$queryRaw<{ id: string }[]>`
    (SELECT id FROM checkouts WHERE status = 'OPEN' AND "expiresAt" <= now() ORDER BY "expiresAt" LIMIT ${RELEASE_SWEEP_LIMIT})
    UNION
    (SELECT "checkoutId" AS id FROM orders WHERE status = 'PENDING' AND "paymentProvider" = 'STRIPE' AND "payBy" <= now()
     ORDER BY "payBy" LIMIT ${RELEASE_SWEEP_LIMIT})`;
  let released = 0;
  for (const { id } of due) {
    const result = await releaseHold(deps, { checkoutId: id });
    if (result.expiredCheckout || result.cancelledOrder) released += 1;
  }
  return released;
}
