import { paymentWebhookResponse } from "@onair/api";
import { bus, db, shopSettings } from "~/server/services";

/**
 * POST /api/payments/stripe — Stripe's webhook (docs/payments.md). The raw
 * body is verified against the Stripe-Signature header (STRIPE_WEBHOOK_SECRET,
 * 300 s tolerance); each event is applied once (a redelivery gets 200 and
 * changes nothing). Not genuine: 400 and nothing changed.
 */
export async function POST(req: Request) {
  return paymentWebhookResponse({ db: db(), bus: bus(), shop: shopSettings() }, "STRIPE", req);
}
