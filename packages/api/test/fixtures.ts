import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { hashPassword } from "@onair/auth";
import { createDbClient, type Db, type Role, type StreamStatus } from "@onair/db";
import { inject } from "vitest";
import { createCaller } from "../src/root";
import { createContextInner, type Context } from "../src/context";
import { createServices } from "../src/create-services";
import type { EventBus } from "../src/events";
import { createRealtime, type Realtime } from "../src/realtime";
import type { JobQueue } from "../src/jobs/job-queue";
import { shopSettings, type ShopSettings } from "../src/services/shop/shop-config";
import { Limits } from "../src/services/limits/limits";
import { RateLimitStore } from "../src/services/limits/rate-limit-store";
import { sessionUserSelect, type SessionUser } from "../src/services/account/session-user";

export function unique(prefix: string): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

export interface TestEnv {
  db: Db;
  bus: EventBus;
  realtime: Realtime;
  /** Chat limits in this process's memory (tests of shared limits make Redis-backed ones). */
  limits: Limits;
  /** The run's job queue (pg-boss in the test database; started on first send). */
  jobs: JobQueue;
  /** Shop settings the test's callers get (default: 600 s holds, pay on delivery); a test may replace them. */
  shop: ShopSettings;
  redisKeyPrefix: string;
  /** Another process's realtime machinery on the same database, bus and Redis prefix. */
  createRealtimeInstance(): Realtime;
  close(): Promise<void>;
}

/**
 * A real Prisma client on the run's migrated test database, and a real bus:
 * PostgreSQL LISTEN/NOTIFY by default, or the run's Redis with `{ redis: true }`.
 */
export function openTestEnv(
  options: { redis?: boolean; presence?: { tickMs?: number; ttlMs?: number; refreshMs?: number } } = {},
): TestEnv {
  const url = inject("databaseUrl");
  const redisUrl = options.redis ? inject("redisUrl") : null;
  const redisKeyPrefix = `${inject("redisKeyPrefix")}${randomBytes(3).toString("hex")}:`;
  // Built as the WebSocket server builds them (createServices), with a larger pool and in-memory limits.
  const services = createServices(
    { DATABASE_URL: url, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redisKeyPrefix },
    { db: createDbClient(url, { poolSize: 20 }), limits: new Limits(new RateLimitStore()), realtime: { presence: options.presence } },
  );
  const { db, bus, realtime, limits, jobs } = services;
  const createRealtimeInstance = () => createRealtime({ db, bus, redisUrl, redisKeyPrefix, presence: options.presence });
  return {
    db,
    bus,
    realtime,
    limits,
    jobs,
    shop: shopSettings(),
    redisKeyPrefix,
    createRealtimeInstance,
    close: () => services.close(),
  };
}

export async function createUser(db: Db, options: { role?: Role; password?: string } = {}): Promise<SessionUser & { email: string }> {
  const username = unique("user_");
  const email = `${username}@test.onair`;
  const user = await db.user.create({
    data: {
      username,
      email,
      role: options.role ?? "VIEWER",
      passwordHash: options.password ? await hashPassword(options.password) : null,
    },
    select: sessionUserSelect,
  });
  return { ...user, email };
}

export async function createStream(db: Db, ownerId: string, status: StreamStatus = "LIVE") {
  const now = Date.now();
  return db.liveStream.create({
    data: {
      slug: unique("stream-"),
      title: "Test stream",
      ownerId,
      status,
      videoSource: "dQw4w9WgXcQ",
      startedAt: status === "SCHEDULED" ? null : new Date(now - 60_000),
      endedAt: status === "ENDED" ? new Date(now) : null,
      scheduledStartAt: status === "SCHEDULED" ? new Date(now + 3_600_000) : null,
    },
  });
}

export const TEST_AUTH_SECRET = "test-auth-secret-test-auth-secret";

/** What the WebSocket server's context would hold for this user (without a connection: feeds deliver to one in memory). */
export function testContext(env: TestEnv, user: SessionUser | null, viewerKey: string | null = null): Context {
  return createContextInner({
    db: env.db,
    bus: env.bus,
    limits: env.limits,
    realtime: env.realtime,
    jobs: env.jobs,
    shop: env.shop,
    user,
    credential: null,
    viewerKey,
    clientIp: null,
    authSecret: TEST_AUTH_SECRET,
  });
}

export function callerFor(env: TestEnv, user: SessionUser | null, viewerKey: string | null = null, signal?: AbortSignal) {
  return createCaller(testContext(env, user, viewerKey), { signal });
}

/** The TRPCError code a call fails with, or null when it succeeds. */
export async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`),
  );
}

export { visible } from "../../../test/chat";
