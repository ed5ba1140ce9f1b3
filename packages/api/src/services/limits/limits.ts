import { z } from "zod";
import { ChatLimiter, DEFAULT_CHAT_LIMITS, type ChatLimitsConfig } from "../chat/chat-limits";
import { RateLimitStore } from "./rate-limit-store";
import { DEFAULT_SIGN_UP_LIMIT, SignUpLimiter, type SignUpLimitConfig } from "./sign-up-limit";

export interface LimitsConfig {
  chat: ChatLimitsConfig;
  signUp: SignUpLimitConfig;
}

export const DEFAULT_LIMITS: LimitsConfig = { chat: DEFAULT_CHAT_LIMITS, signUp: DEFAULT_SIGN_UP_LIMIT };

/**
 * Every per-client allowance of the API, counted in one shared store (Redis
 * when configured, else PostgreSQL), built once per process by `limitsFromEnv`.
 */
export class Limits {
  /** Chat rates, slow mode and unique chat. */
  readonly chat: ChatLimiter;
  /** Sign-ups per address. */
  readonly signUp: SignUpLimiter;

  constructor(
    readonly store: RateLimitStore,
    config: LimitsConfig = DEFAULT_LIMITS,
  ) {
    this.chat = new ChatLimiter(config.chat, store);
    this.signUp = new SignUpLimiter(config.signUp, store);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

const rate = (example: string) =>
  z
    .string()
    .regex(/^\d{1,5}\/\d{1,5}$/, `must be <count>/<seconds>, e.g. ${example}`)
    .transform((value) => value.split("/").map(Number) as [number, number])
    .refine(([count, seconds]) => count >= 1 && seconds >= 1, "must allow at least 1 per at least 1 second");

/** The limit variables, validated by each app's env.ts (`<count>/<seconds>`; unset: the default). */
export const limitsEnvSchema = {
  /** Messages one person may send per window. Default 20/30. */
  CHAT_USER_RATE_LIMIT: rate("20/30").optional(),
  /** Messages one IP address may send per window. Default 60/30. */
  CHAT_IP_RATE_LIMIT: rate("60/30").optional(),
  /** Sign-ups one IP address may attempt per window. Default 5/3600. */
  SIGN_UP_IP_RATE_LIMIT: rate("5/3600").optional(),
};

export interface LimitsEnv {
  DATABASE_URL: string;
  REDIS_URL?: string | null;
  REDIS_KEY_PREFIX?: string;
  CHAT_USER_RATE_LIMIT?: [number, number];
  CHAT_IP_RATE_LIMIT?: [number, number];
  SIGN_UP_IP_RATE_LIMIT?: [number, number];
}

export function limitsConfigFromEnv(env: LimitsEnv): LimitsConfig {
  const [userMessages, userWindowSeconds] = env.CHAT_USER_RATE_LIMIT ?? [DEFAULT_CHAT_LIMITS.userMessages, DEFAULT_CHAT_LIMITS.userWindowSeconds];
  const [ipMessages, ipWindowSeconds] = env.CHAT_IP_RATE_LIMIT ?? [DEFAULT_CHAT_LIMITS.ipMessages, DEFAULT_CHAT_LIMITS.ipWindowSeconds];
  const [perAddress, windowSeconds] = env.SIGN_UP_IP_RATE_LIMIT ?? [DEFAULT_SIGN_UP_LIMIT.perAddress, DEFAULT_SIGN_UP_LIMIT.windowSeconds];
  return {
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
