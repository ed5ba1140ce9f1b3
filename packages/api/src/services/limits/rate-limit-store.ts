import { createHash } from "node:crypto";
import { poolConfigFromUrl } from "@onair/db";
import type { Redis } from "ioredis";
import pg from "pg";
import { createRedisClient } from "../../redis";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface RateLimitStoreOptions {
  /** Counters in Redis (shared by every instance), when configured. */
  redisUrl?: string | null;
  /** Otherwise counters in PostgreSQL's `rate_limits` table (shared by the web and WebSocket processes). */
  databaseUrl?: string | null;
  /** Prefix of every counter's key (Redis keys, or rows of `rate_limits`). */
  keyPrefix?: string;
}

export interface LimiterSpec {
  /** Names the counter family, e.g. "chat-user" or "sign-in-account". */
  name: string;
  /** How many attempts fit in one window. */
  points: number;
  durationSeconds: number;
  /** After the window is used up, refuse for this long instead of until the window ends. */
  blockDurationSeconds?: number;
}

/** Counter rows are varchar(255): keys longer than this are hashed. */
const MAX_PLAIN_KEY_LENGTH = 96;

/**
 * Where every rate-limit counter lives, so one allowance is one allowance
 * whatever the deployment: Redis when configured (while Redis is unreachable,
 * each process falls back to counting in memory, so chat keeps working);
 * otherwise PostgreSQL, which the web and WebSocket processes already share;
 * process memory only when neither is given (unit tests).
 */
export class RateLimitStore {
  private readonly redis: Redis | null;
  private readonly pool: pg.Pool | null;
  private readonly keyPrefix: string;

  constructor(options: RateLimitStoreOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? "onair:";
    this.redis = options.redisUrl ? createRedisClient(options.redisUrl, { label: "[rate-limits]", role: "commands" }) : null;
    this.pool = !this.redis && options.databaseUrl ? new pg.Pool({ ...poolConfigFromUrl(options.databaseUrl), max: 4 }) : null;
    this.pool?.on("error", (error: Error) => console.error(`[rate-limits] postgres: ${error.message}`));
  }

  /** Which shared store counts (for logs and health). */
  get kind(): "redis" | "postgres" | "memory" {
    return this.redis ? "redis" : this.pool ? "postgres" : "memory";
  }

  limiter(spec: LimiterSpec): RateLimiterAbstract {
    const common = {
      keyPrefix: `${this.keyPrefix}${spec.name}`,
      points: spec.points,
      duration: spec.durationSeconds,
      blockDuration: spec.blockDurationSeconds ?? 0,
    };
    const memory = new RateLimiterMemory(common);
    if (this.redis)
      return new RateLimiterRedis({ ...common, storeClient: this.redis, rejectIfRedisNotReady: true, insuranceLimiter: memory });
    if (this.pool)
      return new RateLimiterPostgres({
        ...common,
        storeClient: this.pool,
        storeType: "pool",
        tableName: "rate_limits",
        tableCreated: true,
      });
    return memory;
  }

  /** Resolves once Redis is connected (until then each process counts in memory); at once without Redis. */
  async ready(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === "ready") return;
    await new Promise<void>((resolve) => redis.once("ready", () => resolve()));
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.redis?.quit(), this.pool?.end()]);
  }
}

/** A counter key from user-supplied parts (emails, addresses): short ones as they are, long ones hashed. */
export function limiterKey(...parts: string[]): string {
  const key = parts.join(":");
  return key.length <= MAX_PLAIN_KEY_LENGTH ? key : `sha256:${createHash("sha256").update(key).digest("base64url")}`;
}
