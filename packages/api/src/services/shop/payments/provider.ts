import type { PaymentProviderId } from "@onair/db";

/** What a provider needs of an order. */
export interface PaymentOrder {
  id: string;
  number: string;
  totalCents: number;
  currency: string;
  paymentRef: string | null;
}

/** A webhook event whose signature the provider verified, reduced to what the order state machine needs. */
export interface VerifiedPaymentEvent {
  /** The provider's event id: each is applied once (PaymentEvent's unique key). */
  id: string;
  type: string;
  /** The provider's payment id the event is about (Stripe: the PaymentIntent id); null when it is about none. */
  paymentRef: string | null;
  /** The order the payment was made for, when the provider carries it (Stripe: the PaymentIntent's metadata.orderId). */
  orderId: string | null;
  /** What it means for the order (null: nothing to do, recorded only). */
  outcome: "paid" | "failed" | "cancelled" | "refunded" | null;
}

/**
 * A way to pay (services/shop/payments). `initiate` runs after the order has
 * committed; `cancel` and `refund` before the order's status changes, so a
 * refused provider call changes nothing.
 */
export interface PaymentProvider {
  id: PaymentProviderId;
  /** Starts the payment (idempotent per order): the client's secret when the buyer must confirm it in the browser, and the provider's reference. */
  initiate(order: PaymentOrder): Promise<{ clientSecret: string | null; ref: string | null }>;
  /** Stops a payment not yet made. */
  cancel(order: PaymentOrder): Promise<void>;
  /** Gives a made payment back. */
  refund(order: PaymentOrder): Promise<void>;
  /** Verifies a webhook request (raw body, headers) and returns its event; throws WebhookSignatureError when it is not genuine. */
  parseWebhook(rawBody: string, headers: Headers): VerifiedPaymentEvent;
}

/** A webhook request that is not the provider's (bad signature, stale timestamp, tampered body). */
export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
}
