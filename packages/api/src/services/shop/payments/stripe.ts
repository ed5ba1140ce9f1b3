import Stripe from "stripe";
import type { PaymentOrder, PaymentProvider, VerifiedPaymentEvent } from "./provider";
import { WebhookSignatureError } from "./provider";

/** The part of Stripe's API client the provider calls (tests give a fake one: Stripe cannot be reached from the test machines). */
export interface StripeApi {
  paymentIntents: {
    create(
      params: Stripe.PaymentIntentCreateParams,
      options?: Stripe.RequestOptions,
    ): Promise<{ id: string; client_secret: string | null }>;
    retrieve(id: string): Promise<{ id: string; client_secret: string | null }>;
    cancel(id: string): Promise<unknown>;
  };
  refunds: { create(params: Stripe.RefundCreateParams, options?: Stripe.RequestOptions): Promise<unknown> };
}

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  publishableKey: string;
  /** The API client; default the official one with secretKey. */
  client?: StripeApi;
}

/** Stripe's documented tolerance for a webhook's timestamp. */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

const OUTCOMES: Record<string, VerifiedPaymentEvent["outcome"]> = {
  "payment_intent.succeeded": "paid",
  "payment_intent.payment_failed": "failed",
  "payment_intent.canceled": "cancelled",
  "charge.refunded": "refunded",
};

/** The PaymentIntent an event is about: the object itself, or a charge's payment_intent. */
function paymentRefOf(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null };
  if (object.object === "payment_intent") return object.id ?? null;
  if (typeof object.payment_intent === "string") return object.payment_intent;
  return object.payment_intent?.id ?? null;
}

/** Card payments through Stripe PaymentIntents (the buyer confirms in the browser with Stripe.js). */
export function stripeProvider(config: StripeConfig): PaymentProvider {
  const official = new Stripe(config.secretKey, { maxNetworkRetries: 2, timeout: 10_000 });
  const api: StripeApi = config.client ?? official;
  return {
    id: "STRIPE",
    async initiate(order: PaymentOrder) {
      if (order.paymentRef) {
        const intent = await api.paymentIntents.retrieve(order.paymentRef);
        return { clientSecret: intent.client_secret, ref: intent.id };
      }
      const intent = await api.paymentIntents.create(
        {
          amount: order.totalCents,
          currency: order.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          metadata: { orderId: order.id, orderNumber: order.number },
        },
        // A retried place (or a second instance) gets the same PaymentIntent.
        { idempotencyKey: `order-${order.id}` },
      );
      return { clientSecret: intent.client_secret, ref: intent.id };
    },
    async cancel(order: PaymentOrder) {
      if (order.paymentRef) await api.paymentIntents.cancel(order.paymentRef);
    },
    async refund(order: PaymentOrder) {
      if (!order.paymentRef) return;
      await api.refunds.create({ payment_intent: order.paymentRef }, { idempotencyKey: `refund-${order.id}` });
    },
    parseWebhook(rawBody: string, headers: Headers) {
      const signature = headers.get("stripe-signature");
      if (!signature) throw new WebhookSignatureError("No Stripe-Signature header.");
      let event: Stripe.Event;
      try {
        event = official.webhooks.constructEvent(rawBody, signature, config.webhookSecret, STRIPE_WEBHOOK_TOLERANCE_SECONDS);
      } catch {
        throw new WebhookSignatureError("The Stripe signature does not match.");
      }
      const object = event.data.object as { object?: string; metadata?: Record<string, string> | null };
      const orderId = object.object === "payment_intent" ? (object.metadata?.orderId ?? null) : null;
      return { id: event.id, type: event.type, paymentRef: paymentRefOf(event), orderId, outcome: OUTCOMES[event.type] ?? null };
    },
  };
}
