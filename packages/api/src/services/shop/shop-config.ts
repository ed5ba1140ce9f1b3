import { createPayments, type Payments } from "./payments";
import type { StripeConfig } from "./payments/stripe";

/** How long a checkout holds its units (SHOP_HOLD_SECONDS' default). */
export const DEFAULT_SHOP_HOLD_SECONDS = 600;

export interface ShopSettings {
  holdSeconds: number;
  payments: Payments;
}

/**
 * The process's shop settings (ServiceDeps.shop), built once by createServices
 * from its validated env (SHOP_HOLD_SECONDS, STRIPE_*). Without options: 600 s
 * holds, pay on delivery only.
 */
export function shopSettings(options: { holdSeconds?: number; stripe?: StripeConfig | null } = {}): ShopSettings {
  return {
    holdSeconds: options.holdSeconds ?? DEFAULT_SHOP_HOLD_SECONDS,
    payments: createPayments({ stripe: options.stripe ?? null }),
  };
}

/** The shop's variables as config.ts parses them (shopEnvSchema). */
export interface ShopEnv {
  SHOP_HOLD_SECONDS?: number;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_PUBLISHABLE_KEY?: string;
}

export function shopConfigFromEnv(env: ShopEnv): { holdSeconds?: number; stripe: StripeConfig | null } {
  const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_PUBLISHABLE_KEY: publishableKey } = env;
  return {
    holdSeconds: env.SHOP_HOLD_SECONDS,
    stripe: secretKey && webhookSecret && publishableKey ? { secretKey, webhookSecret, publishableKey } : null,
  };
}
