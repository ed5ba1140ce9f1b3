import { applyPaymentWebhook } from "@onair/api";
import { bus, db } from "~/server/services";

/** Stripe's events are a few KiB; anything far larger is not Stripe. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /api/payments/stripe — Stripe's webhook. The raw body is verified
 * against the Stripe-Signature header (STRIPE_WEBHOOK_SECRET, 300 s
 * tolerance); each event is applied once (a redelivery gets 200 and changes
 * nothing). Not genuine: 400 and nothing changed.
 */
export async function POST(req: Request) {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return Response.json({ error: { message: "Too large." } }, { status: 413 });
  const rawBody = await req.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return Response.json({ error: { message: "Too large." } }, { status: 413 });
  const outcome = await applyPaymentWebhook({ db: db(), bus: bus() }, { provider: "STRIPE", rawBody, headers: req.headers });
  if (outcome.status === "rejected") {
    return Response.json({ error: { message: "The signature does not match (or Stripe is not configured)." } }, { status: 400 });
  }
  return Response.json({ received: true, duplicate: outcome.status === "duplicate" });
}
