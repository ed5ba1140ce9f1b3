export type { BusHealth, EventBus } from "./bus";
export { PgEventBus } from "./pg-bus";
export { RedisEventBus } from "./redis-bus";
export type * from "./types";
export { feedOf, recipientOf, userTopic } from "./types";
import type { EventBus } from "./bus";
import { PgEventBus } from "./pg-bus";
import { RedisEventBus } from "./redis-bus";

/** The bus for this deployment: Redis pub/sub when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY. */
export function createEventBus(config: { databaseUrl: string; redisUrl?: string | null; redisKeyPrefix?: string }): EventBus {
  if (config.redisUrl) return new RedisEventBus(config.redisUrl, { keyPrefix: config.redisKeyPrefix });
  return new PgEventBus(config.databaseUrl);
}
