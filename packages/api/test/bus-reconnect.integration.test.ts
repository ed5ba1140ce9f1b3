import { randomBytes } from "node:crypto";
import { createDbClient, type Db } from "@onair/db";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { startRestartablePostgres, type RestartablePostgres } from "../../../test/restartable-postgres";
import { startTestRedis } from "../../../test/redis";
import { databaseAvailability } from "../src/database-availability";
import { PgEventBus, RedisEventBus, type EventBus, type StreamEvent } from "../src/events";
import { StreamHub } from "../src/realtime";
import { Limits } from "../src/services/limits/limits";
import { RateLimitStore } from "../src/services/limits/rate-limit-store";
import { sendChatMessage } from "../src/services/chat/send-message";
import { createStream, createUser, visible } from "./fixtures";
import { consume, sleep } from "./subscribe";

/** Polls until `condition` holds (the test's own timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}

function likes(streamId: string, likeCount: number): StreamEvent {
  return { type: "likes.updated", streamId, likeCount };
}

/** Lines the bus wrote to the error log that contain `text`. */
function logged(spy: { mock: { calls: unknown[][] } }, text: string): number {
  return spy.mock.calls.filter((args) => args.some((arg) => String(arg).includes(text))).length;
}

let postgres: RestartablePostgres;
beforeAll(async () => {
  postgres = await startRestartablePostgres();
});
afterAll(async () => {
  await postgres?.dispose();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("PostgreSQL LISTEN/NOTIFY bus", () => {
  it("listens again after a PostgreSQL restart of more than a second, reports it, and logs the outage once", async () => {
    const errors = vi.spyOn(console, "error");
    const bus = new PgEventBus(postgres.url, { reconnect: { initialDelayMs: 100, maxDelayMs: 500 } });
    const abort = new AbortController();
    try {
      let reconnects = 0;
      bus.onReconnect(() => reconnects++);
      const events = consume(await bus.subscribe("s1", abort.signal));
      await bus.publish(likes("s1", 1));
      await events.until((event) => event.type === "likes.updated" && event.likeCount === 1);
      expect(bus.health()).toEqual({ ok: true });

      await postgres.stop();
      await until(() => !bus.health().ok);
      // Down for longer than one retry: the bus must keep trying.
      await sleep(1_500);
      await postgres.start();
      await until(() => reconnects === 1);
      expect(bus.health()).toEqual({ ok: true });

      await bus.publish(likes("s1", 2));
      await events.until((event) => event.type === "likes.updated" && event.likeCount === 2);
      expect(logged(errors, "[pg-bus] LISTEN connection lost")).toBe(1);
      expect(logged(errors, "[pg-bus] LISTEN connection restored")).toBe(1);
    } finally {
      abort.abort();
      await postgres.start();
      await bus.close();
    }
  });
});

describe("Redis bus", () => {
  it("restores its channels after a Redis restart before telling rooms to catch up, and logs the outage once", async () => {
    const redis = await startTestRedis();
    const errors = vi.spyOn(console, "error");
    const keyPrefix = `onair-test-${randomBytes(4).toString("hex")}:`;
    const bus = new RedisEventBus(redis.url, { keyPrefix });
    const probe = new Redis(redis.url, { lazyConnect: true });
    probe.on("error", () => {});
    const abort = new AbortController();
    try {
      // When rooms are told to catch up, the channel must already be subscribed again,
      // or a message published between their read and the SUBSCRIBE would be lost.
      const subscribersAtReconnect: number[] = [];
      bus.onReconnect(() => {
        void probe
          .call("PUBSUB", "NUMSUB", `${keyPrefix}stream:s1`)
          .then((reply) => subscribersAtReconnect.push(Number((reply as unknown[])[1])));
      });
      const events = consume(await bus.subscribe("s1", abort.signal));
      await bus.publish(likes("s1", 1));
      await events.until((event) => event.type === "likes.updated" && event.likeCount === 1);

      await redis.stop();
      await until(() => !bus.health().ok);
      // Long enough for several of ioredis's reconnection attempts.
      await sleep(1_500);
      await redis.start();
      await until(() => subscribersAtReconnect.length === 1);
      expect(subscribersAtReconnect).toEqual([1]);
      await until(() => bus.health().ok);

      await bus.publish(likes("s1", 2));
      await events.until((event) => event.type === "likes.updated" && event.likeCount === 2);
      expect(logged(errors, "[redis-bus] subscriber lost Redis")).toBe(1);
      expect(logged(errors, "[redis-bus] subscriber reconnected")).toBe(1);
      expect(logged(errors, "[redis-bus] subscriber:")).toBe(0);
    } finally {
      abort.abort();
      probe.disconnect();
      await bus.close();
      await redis.dispose();
    }
  });
});

describe("stream hub", () => {
  it("a room whose gap fill failed (database down) fills it once the database is back, without waiting for the next message", async () => {
    const db: Db = createDbClient(postgres.url);
    const bus: EventBus = new RedisEventBus(inject("redisUrl"), {
      keyPrefix: `${inject("redisKeyPrefix")}${randomBytes(3).toString("hex")}:`,
    });
    const hub = new StreamHub({ db, bus });
    const limits = new Limits(new RateLimitStore());
    const abort = new AbortController();
    try {
      const owner = await createUser(db);
      const stream = await createStream(db, owner.id);
      const feed = consume(await hub.join(stream.id, abort.signal));

      // Two messages are stored but their publishes are lost (as in a bus blip).
      const silentBus: EventBus = { ...bus, publish: async () => {} };
      const deps = { db, bus: silentBus, limits, actor: owner, clientIp: null };
      const first = visible(await sendChatMessage(deps, { streamId: stream.id, body: "one" }));
      const second = visible(await sendChatMessage(deps, { streamId: stream.id, body: "two" }));

      // The database goes away; then the second message's event arrives, so the room must read message 1 and cannot.
      await postgres.stop();
      try {
        await bus.publish({ type: "chat.message", streamId: stream.id, message: second });
        await until(() => !databaseAvailability(db).available);
      } finally {
        await postgres.start();
      }

      // No further message is sent: the room retries by itself.
      await feed.until((event) => event.type === "chat.message" && event.message.seq === second.seq, 15_000);
      const seqs = feed.events.flatMap((event) => (event.type === "chat.message" ? [event.message.seq] : []));
      expect(seqs).toEqual([first.seq, second.seq]);
    } finally {
      abort.abort();
      hub.close();
      await limits.close();
      await bus.close();
      await db.$disconnect();
    }
  });
});
