import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { z } from "zod";

export interface ChatLimitsConfig {
  /** Messages one person may send per window, across all streams. */
  userMessages: number;
  userWindowSeconds: number;
  /** Messages one IP address may send per window (several accounts behind one address). */
  ipMessages: number;
  ipWindowSeconds: number;
  /** Unique chat: how long an identical message stays refused in a stream. */
  uniqueChatSeconds: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimitsConfig = {
  userMessages: 20,
  userWindowSeconds: 30,
  ipMessages: 60,
  ipWindowSeconds: 30,
  uniqueChatSeconds: 30,
};

const rate = z
  .string()
  .regex(/^\d{1,5}\/\d{1,5}$/, "must be <messages>/<seconds>, e.g. 20/30")
  .transform((value) => value.split("/").map(Number) as [number, number])
  .refine(([messages, seconds]) => messages >= 1 && seconds >= 1, "must allow at least 1 message per at least 1 second");

/** The chat-limit variables, validated by each app's env.ts. */
export const chatLimitsEnvSchema = {
  /** Per-user message limit, `<messages>/<seconds>`. */
  CHAT_USER_RATE_LIMIT: rate.optional(),
  /** Per-IP message limit, `<messages>/<seconds>`. */
  CHAT_IP_RATE_LIMIT: rate.optional(),
};

export function chatLimitsFromEnv(env: { CHAT_USER_RATE_LIMIT?: [number, number]; CHAT_IP_RATE_LIMIT?: [number, number] }): ChatLimitsConfig {
  const [userMessages, userWindowSeconds] = env.CHAT_USER_RATE_LIMIT ?? [DEFAULT_CHAT_LIMITS.userMessages, DEFAULT_CHAT_LIMITS.userWindowSeconds];
  const [ipMessages, ipWindowSeconds] = env.CHAT_IP_RATE_LIMIT ?? [DEFAULT_CHAT_LIMITS.ipMessages, DEFAULT_CHAT_LIMITS.ipWindowSeconds];
  return { ...DEFAULT_CHAT_LIMITS, userMessages, userWindowSeconds, ipMessages, ipWindowSeconds };
}

export type LimitRefusal = { kind: "slowMode" | "userRate" | "ipRate" | "duplicate"; retryAfterMs: number };

interface Step {
  kind: LimitRefusal["kind"];
  limiter: RateLimiterAbstract;
  key: string;
  options: { customDuration?: number };
}

/** How unique chat compares messages: case, spacing and repeated punctuation do not make a message new. */
export function normalizeForUniqueness(body: string): string {
  return body.toLowerCase().replace(/\s+/g, " ").replace(/([^\p{L}\p{N}\s])\1+/gu, "$1").trim();
}

/**
 * Slow mode, per-user and per-IP message limits and unique chat, counted
 * atomically in Redis (so every instance shares them: connecting to two
 * instances does not double anyone's allowance), or in process memory when
 * Redis is not configured. While Redis is unreachable each instance falls back
 * to counting in memory, so chat keeps working.
 */
export class ChatLimiter {
  private readonly redis: Redis | null;
  private readonly slowMode: RateLimiterAbstract;
  private readonly user: RateLimiterAbstract;
  private readonly ip: RateLimiterAbstract;
  private readonly unique: RateLimiterAbstract;

  constructor(
    readonly config: ChatLimitsConfig,
    options: { redisUrl?: string | null; keyPrefix?: string } = {},
  ) {
    const prefix = `${options.keyPrefix ?? "onair:"}chat-limit:`;
    this.redis = options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    this.redis?.on("error", (error: Error) => console.error(`[chat-limits] redis: ${error.message}`));
    const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
      const keyPrefix = `${prefix}${name}`;
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      if (!this.redis) return memory;
      return new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory });
    };
    // Slow mode's window is each stream's setting, passed per call as customDuration.
    this.slowMode = make("slow", 1, 1);
    this.user = make("user", config.userMessages, config.userWindowSeconds);
    this.ip = make("ip", config.ipMessages, config.ipWindowSeconds);
    this.unique = make("unique", 1, config.uniqueChatSeconds);
  }

  /**
   * Counts one message against every limit that applies; returns the first
   * refusal (and then counts it against none of them), or null when it may be sent.
   */
  async take(input: {
    streamId: string;
    userId: string;
    ip: string | null;
    slowModeSeconds: number;
    /** The body, when the stream has unique chat on. */
    uniqueBody: string | null;
  }): Promise<LimitRefusal | null> {
    const steps: Step[] = [];
    if (input.slowModeSeconds > 0) {
      steps.push({ kind: "slowMode", limiter: this.slowMode, key: `${input.streamId}:${input.userId}`, options: { customDuration: input.slowModeSeconds } });
    }
    steps.push({ kind: "userRate", limiter: this.user, key: input.userId, options: {} });
    if (input.ip) steps.push({ kind: "ipRate", limiter: this.ip, key: input.ip, options: {} });
    if (input.uniqueBody !== null) {
      const digest = createHash("sha256").update(normalizeForUniqueness(input.uniqueBody)).digest("base64url");
      steps.push({ kind: "duplicate", limiter: this.unique, key: `${input.streamId}:${digest}`, options: {} });
    }

    const taken: Step[] = [];
    for (const step of steps) {
      try {
        await step.limiter.consume(step.key, 1, step.options);
        taken.push(step);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        // Give back what this refused message took from the other limits.
        await Promise.allSettled(taken.map((done) => done.limiter.reward(done.key, 1, done.options)));
        return { kind: step.kind, retryAfterMs: error.msBeforeNext };
      }
    }
    return null;
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => {});
  }
}
