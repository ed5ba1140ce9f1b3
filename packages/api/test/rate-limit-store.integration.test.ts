import { randomBytes } from "node:crypto";
import { createDbClient } from "@onair/db";
import { RateLimiterRes } from "rate-limiter-flexible";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { limiterKey, RateLimitStore } from "../src/services/limits/rate-limit-store";

/** Takes one point; true when allowed, false when refused. */
async function attempt(limiter: ReturnType<RateLimitStore["limiter"]>, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

describe("rate-limit store", () => {
  const stores: RateLimitStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });

  function open(options: { redis?: boolean; keyPrefix: string }) {
    const store = new RateLimitStore({
      databaseUrl: inject("databaseUrl"),
      redisUrl: options.redis ? inject("redisUrl") : null,
      keyPrefix: options.keyPrefix,
    });
    stores.push(store);
    return store;
  }

  it.each([{ redis: false }, { redis: true }])("two processes share one allowance (redis: $redis)", async ({ redis }) => {
    const keyPrefix = `${inject("redisKeyPrefix")}${randomBytes(3).toString("hex")}:`;
    // As the web app and the WebSocket server would: two stores, one database (or Redis).
    const webStore = open({ redis, keyPrefix });
    const wsStore = open({ redis, keyPrefix });
    await Promise.all([webStore.ready(), wsStore.ready()]);
    const web = webStore.limiter({ name: "shared", points: 5, durationSeconds: 60 });
    const ws = wsStore.limiter({ name: "shared", points: 5, durationSeconds: 60 });
    const results: boolean[] = [];
    for (let i = 0; i < 10; i++) results.push(await attempt(i % 2 === 0 ? web : ws, "alice"));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(results.slice(5)).toEqual([false, false, false, false, false]);
    // Another key has its own allowance.
    expect(await attempt(ws, "bob")).toBe(true);
  });

  it("keeps PostgreSQL counters in the rate_limits table", async () => {
    const keyPrefix = `pg-${randomBytes(3).toString("hex")}:`;
    const store = open({ keyPrefix });
    expect(store.kind).toBe("postgres");
    await attempt(store.limiter({ name: "rows", points: 3, durationSeconds: 60 }), "carol");
    const db = createDbClient(inject("databaseUrl"), { poolSize: 1 });
    try {
      const row = await db.rateLimit.findUnique({ where: { key: `${keyPrefix}rows:carol` } });
      expect(row?.points).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it("hashes long keys so they fit the table", () => {
    const email = `${"a".repeat(240)}@example.com`;
    expect(limiterKey("account", email)).toMatch(/^sha256:[\w-]{43}$/);
    expect(limiterKey("account", "ada@example.com")).toBe("account:ada@example.com");
  });
});
