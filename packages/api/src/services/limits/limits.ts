import { ChatLimiter, DEFAULT_CHAT_LIMITS, type ChatLimitsConfig } from "../chat/chat-limits";
import { RateLimitStore } from "./rate-limit-store";
import { DEFAULT_SHOP_LIMITS, ShopLimiter, type ShopLimitsConfig } from "../shop/shop-limits";
import { DEFAULT_SIGN_UP_LIMIT, SignUpLimiter, type SignUpLimitConfig } from "./sign-up-limit";

export interface LimitsConfig {
  chat: ChatLimitsConfig;
  signUp: SignUpLimitConfig;
  shop: ShopLimitsConfig;
}

export const DEFAULT_LIMITS: LimitsConfig = { chat: DEFAULT_CHAT_LIMITS, signUp: DEFAULT_SIGN_UP_LIMIT, shop: DEFAULT_SHOP_LIMITS };

/**
 * Every per-client allowance of the API, counted in one shared store (Redis
 * when configured, else PostgreSQL), built once per process by `limitsFromEnv`.
 */
export class Limits {
  /** Chat rates, slow mode and unique chat. */
  readonly chat: ChatLimiter;
  /** Sign-ups per address. */
  readonly signUp: SignUpLimiter;
  /** Checkouts started per buyer; product opens counted per client. */
  readonly shop: ShopLimiter;

  constructor(
    readonly store: RateLimitStore,
    config: LimitsConfig = DEFAULT_LIMITS,
  ) {
    this.chat = new ChatLimiter(config.chat, store);
    this.signUp = new SignUpLimiter(config.signUp, store);
    this.shop = new ShopLimiter(config.shop, store);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** The limit variables (`<count>/<seconds>`; unset: the default), declared with the rest of the configuration. */
export { limitsEnvSchema } from "../../config";

export interface LimitsEnv {
  DATABASE_URL: string;
  REDIS_URL?: string | null;
  REDIS_KEY_PREFIX?: string;
  CHAT_USER_RATE_LIMIT?: [number, number];
  CHAT_IP_RATE_LIMIT?: [number, number];
  SIGN_UP_IP_RATE_LIMIT?: [number, number];
  SHOP_CHECKOUT_USER_RATE_LIMIT?: [number, number];
}

export function limitsConfigFromEnv(env: LimitsEnv): LimitsConfig {
  const [userMessages, userWindowSeconds] = env.CHAT_USER_RATE_LIMIT ?? [
    DEFAULT_CHAT_LIMITS.userMessages,
    DEFAULT_CHAT_LIMITS.userWindowSeconds,
  ];
  const [ipMessages, ipWindowSeconds] = env.CHAT_IP_RATE_LIMIT ?? [DEFAULT_CHAT_LIMITS.ipMessages, DEFAULT_CHAT_LIMITS.ipWindowSeconds];
  const [perAddress, windowSeconds] = env.SIGN_UP_IP_RATE_LIMIT ?? [DEFAULT_SIGN_UP_LIMIT.perAddress, DEFAULT_SIGN_UP_LIMIT.windowSeconds];
  const [checkoutStartsPerUser, checkoutWindowSeconds] = env.SHOP_CHECKOUT_USER_RATE_LIMIT ?? [
    DEFAULT_SHOP_LIMITS.checkoutStartsPerUser,
    DEFAULT_SHOP_LIMITS.checkoutWindowSeconds,
  ];
  return {
    shop: { checkoutStartsPerUser, checkoutWindowSeconds },
    chat: { ...DEFAULT_CHAT_LIMITS, userMessages, userWindowSeconds, ipMessages, ipWindowSeconds },
    signUp: { perAddress, windowSeconds },
  };
}

/**
 * The one place a process builds its limits: counters in Redis when REDIS_URL
 * is set, else in PostgreSQL's `rate_limits` table, so the web app and the
 * WebSocket server(s) always share one allowance.
 */
export function limitsFromEnv(env: LimitsEnv): Limits {
  const store = new RateLimitStore({ redisUrl: env.REDIS_URL, databaseUrl: env.DATABASE_URL, keyPrefix: env.REDIS_KEY_PREFIX });
  return new Limits(store, limitsConfigFromEnv(env));
}
