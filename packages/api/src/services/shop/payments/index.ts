import type { PaymentProviderId } from "@onair/db";
import { AppError } from "../../../errors";
import { codProvider } from "./cod";
import type { PaymentProvider } from "./provider";
import { stripeProvider, type StripeConfig } from "./stripe";

export type { PaymentOrder, PaymentProvider, VerifiedPaymentEvent } from "./provider";
export { WebhookSignatureError } from "./provider";
export type { StripeApi, StripeConfig } from "./stripe";

/** The providers a process offers: pay on delivery always, Stripe when configured. */
export interface Payments {
  providers: Map<PaymentProviderId, PaymentProvider>;
  stripePublishableKey: string | null;
}

export function createPayments(options: { stripe?: StripeConfig | null } = {}): Payments {
  const providers = new Map<PaymentProviderId, PaymentProvider>([["COD", codProvider]]);
  if (options.stripe) providers.set("STRIPE", stripeProvider(options.stripe));
  return { providers, stripePublishableKey: options.stripe?.publishableKey ?? null };
}

export function providerOf(payments: Payments, id: PaymentProviderId): PaymentProvider {
  const provider = payments.providers.get(id);
  if (!provider) throw new AppError("BAD_REQUEST", "Card payments are not available here: choose pay on delivery.");
  return provider;
}
