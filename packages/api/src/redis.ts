import { Redis } from "ioredis";

/**
 * Every Redis client of the API (event bus, presence, rate limits) comes from
 * here, so they share one error and reconnect policy: ioredis reconnects with
 * its back-off by itself; the process says once that Redis went away and once
 * that it is back (`<label> lost Redis (...)`, `<label> reconnected to Redis
 * after N s`, e.g. label "[presence]"), instead of a line per failed retry.
 *
 * - "commands": no offline queue and one retry per request, so a call fails at
 *   once while Redis is down (callers fall back: the store of record, memory
 *   counters, local presence) instead of hanging.
 * - "subscriber": waits for Redis (pub/sub has no fallback); its owner restores
 *   its subscriptions itself on "ready".
 */
export function createRedisClient(url: string, options: { label: string; role: "commands" | "subscriber" }): Redis {
  const client =
    options.role === "commands"
      ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
      : new Redis(url, { maxRetriesPerRequest: null, autoResubscribe: false });
  let lostSince: number | null = null;
  client.on("error", (error: Error) => {
    if (lostSince !== null) return;
    lostSince = Date.now();
    console.error(`${options.label} lost Redis (${error.message}); reconnecting`);
  });
  client.on("ready", () => {
    if (lostSince === null) return;
    console.error(`${options.label} reconnected to Redis after ${((Date.now() - lostSince) / 1000).toFixed(1)} s`);
    lostSince = null;
  });
  return client;
}
