import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { Redis } from "ioredis";

const LOCAL_POSTGRES = { host: "127.0.0.1", port: 5432 };
export const LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";
/** Bound on SCAN rounds when removing this run's Redis keys. */
const MAX_SCAN_ROUNDS = 10_000;

export function portAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * createTestDatabase uses TEST_DATABASE_URL (or DATABASE_URL), else starts an
 * embedded PostgreSQL; prefer the local server when nothing is configured and it answers.
 */
export async function chooseTestDatabaseServer(): Promise<string> {
  if (!process.env.TEST_DATABASE_URL && (await portAnswers(LOCAL_POSTGRES.host, LOCAL_POSTGRES.port))) {
    process.env.TEST_DATABASE_URL = LOCAL_POSTGRES_URL;
  }
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  return configured ? configured.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@") : "embedded PostgreSQL (started by @onair/db/dev)";
}

/** The soft limit on open files of this process (viewer and server processes inherit it). */
export function openFileLimit(): number {
  const limits = readFileSync("/proc/self/limits", "utf8");
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  return !match || match[1] === "unlimited" ? Number.POSITIVE_INFINITY : Number(match[1]);
}

export async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis at ${url} does not answer (${String(error)}); raw-ws and socketio need it, onair uses it when REDIS_URL is set`);
  } finally {
    redis.disconnect();
  }
}

/** Deletes keys under this run's prefix (pub/sub leaves none; a Redis event bus might). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = "0";
    for (let round = 0; round < MAX_SCAN_ROUNDS; round++) {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
      if (cursor === "0") break;
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
