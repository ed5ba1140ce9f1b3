import { randomUUID } from "node:crypto";
import type { PaymentProviderId } from "@onair/db";
import type { StreamEvent } from "../../../events/types";
import type { ServiceDeps } from "../../deps";
import { inTransaction } from "../../shared/transaction";
import { orderChangedEvents } from "../checkout/release";
import { returnUnits, type HeldUnits } from "../checkout/units";
import { WebhookSignatureError, type VerifiedPaymentEvent } from "./provider";

export type WebhookOutcome =
  /** Not the provider's (signature, timestamp, body): refuse with 400, change nothing. */
  | { status: "rejected" }
  /** Seen before (a redelivery): acknowledged, nothing changed. */
  | { status: "duplicate" }
  /** Recorded; `orderChanged` when an order moved. */
  | { status: "applied"; orderChanged: boolean };

/**
 * A provider's webhook: verifies it, records the event once (PaymentEvent's
 * unique key) and moves the order it is about, all in one transaction:
 * paid → PAID (from PENDING), cancelled → CANCELLED with the units back (from
 * PENDING), refunded → REFUNDED (from PAID or FULFILLED; units back unless
 * fulfilled), failed → stays PENDING (the buyer may retry until payBy).
 */
export async function applyPaymentWebhook(
  deps: Pick<ServiceDeps, "db" | "bus" | "shop">,
  input: { provider: PaymentProviderId; rawBody: string; headers: Headers },
): Promise<WebhookOutcome> {
  const provider = deps.shop.payments.providers.get(input.provider);
  if (!provider) return { status: "rejected" };
  let event: VerifiedPaymentEvent;
  try {
    event = provider.parseWebhook(input.rawBody, input.headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) return { status: "rejected" };
    throw error;
  }
  const outcome = await inTransaction<WebhookOutcome & { refundOrderId?: string }>(deps, async (tx) => {
    // By the payment's id; a PaymentIntent's own event also names its order (in case it arrives before the order stored the id).
    let order = event.paymentRef ? await tx.order.findUnique({ where: { paymentRef: event.paymentRef }, select: { id: true } }) : null;
    if (!order && event.orderId) {
      order = await tx.order.findFirst({
        where: { id: event.orderId, paymentProvider: input.provider, paymentRef: null },
        select: { id: true },
      });
    }
    const recorded = await tx.$executeRaw`
      INSERT INTO payment_events (id, provider, "providerEventId", type, "orderId")
      VALUES (${`pe_${randomUUID()}`}, ${input.provider}::"PaymentProviderId", ${event.id}, ${event.type}, ${order?.id ?? null})
      ON CONFLICT (provider, "providerEventId") DO NOTHING`;
    if (recorded === 0) return { result: { status: "duplicate" }, events: [] };
    if (!order || !event.outcome) return { result: { status: "applied", orderChanged: false }, events: [] };

    const events: StreamEvent[] = [];
    let changed = false;
    if (event.outcome === "paid") {
      changed =
        (await tx.$executeRaw`UPDATE orders SET status = 'PAID', "paidAt" = now(), "updatedAt" = now()
        WHERE id = ${order.id} AND status = 'PENDING'`) > 0;
      if (changed) events.push(...(await orderChangedEvents(tx, order.id, { stock: false })));
      else if ((await tx.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } })).status === "CANCELLED") {
        // Paid after the order was cancelled (its time ran out, or the seller cancelled it): the money goes back.
        return { result: { status: "applied", orderChanged: false, refundOrderId: order.id }, events };
      }
    } else if (event.outcome === "cancelled") {
      const [held] = await tx.$queryRaw<HeldUnits[]>`
        UPDATE orders SET status = 'CANCELLED', "cancelledAt" = now(), "updatedAt" = now()
        WHERE id = ${order.id} AND status = 'PENDING'
        RETURNING "userId", "streamId", "productId", "variantId", quantity, "flashSaleId"`;
      if (held) {
        changed = true;
        await returnUnits(tx, held);
        events.push(...(await orderChangedEvents(tx, order.id)));
      }
    } else if (event.outcome === "refunded") {
      const [held] = await tx.$queryRaw<(HeldUnits & { before: string })[]>`
        UPDATE orders o SET status = 'REFUNDED', "refundedAt" = now(), "updatedAt" = now()
        FROM (SELECT id, status FROM orders WHERE id = ${order.id} FOR UPDATE) b
        WHERE o.id = b.id AND o.status IN ('PAID', 'FULFILLED')
        RETURNING b.status::text AS before, o."userId", o."streamId", o."productId", o."variantId", o.quantity, o."flashSaleId"`;
      if (held) {
        changed = true;
        if (held.before === "PAID") await returnUnits(tx, held);
        events.push(...(await orderChangedEvents(tx, order.id, { stock: held.before === "PAID" })));
      }
    }
    return { result: { status: "applied", orderChanged: changed }, events };
  });
  if (outcome.status === "applied" && outcome.refundOrderId) {
    const order = await deps.db.order.findUniqueOrThrow({
      where: { id: outcome.refundOrderId },
      select: { id: true, number: true, totalCents: true, currency: true, paymentRef: true },
    });
    await provider.refund(order);
    return { status: "applied", orderChanged: false };
  }
  return outcome.status === "applied" ? { status: "applied", orderChanged: outcome.orderChanged } : outcome;
}

/** Stripe's events are a few KiB; anything far larger is not Stripe. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/**
 * The HTTP side of a provider's webhook (apps/web's POST /api/payments/<provider>):
 * the raw body, 413 when too large, 400 when not genuine (nothing changed),
 * 200 when applied or already seen.
 */
export async function paymentWebhookResponse(
  deps: Pick<ServiceDeps, "db" | "bus" | "shop">,
  provider: PaymentProviderId,
  request: Request,
): Promise<Response> {
  const tooLarge = () => Response.json({ error: { message: "The body is too large." } }, { status: 413 });
  if (Number(request.headers.get("content-length") ?? "0") > MAX_WEBHOOK_BODY_BYTES) return tooLarge();
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BODY_BYTES) return tooLarge();
  const outcome = await applyPaymentWebhook(deps, { provider, rawBody, headers: request.headers });
  if (outcome.status === "rejected") {
    return Response.json({ error: { message: "The signature does not match (or this provider is not configured)." } }, { status: 400 });
  }
  return Response.json({ received: true, duplicate: outcome.status === "duplicate" });
}
