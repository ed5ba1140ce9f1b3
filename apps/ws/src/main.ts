import { limitsFromEnv } from "@onair/api";
import { createEventBus } from "@onair/api/events";
import { createRealtime } from "@onair/api/realtime";
import { getDb } from "@onair/db";
import { loadEnv } from "./env";
import { startWsServer } from "./server";

const env = loadEnv();
const db = getDb(env.DATABASE_URL);
const bus = createEventBus({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, redisKeyPrefix: env.REDIS_KEY_PREFIX });
const realtime = createRealtime({
  db,
  bus,
  redisUrl: env.REDIS_URL,
  redisKeyPrefix: env.REDIS_KEY_PREFIX,
  presence: env.WS_INSTANCE_ID ? { instanceId: env.WS_INSTANCE_ID } : undefined,
});

const limits = limitsFromEnv(env);

const server = await startWsServer({
  db,
  bus,
  realtime,
  limits,
  maxConnectionsPerIp: env.WS_MAX_CONNECTIONS_PER_IP,
  trustProxy: env.WS_TRUST_PROXY,
  authSecret: env.AUTH_SECRET,
  maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
  port: env.WS_PORT,
  host: env.WS_HOST,
  allowedOrigins: env.WS_ALLOWED_ORIGINS.split(",").map((origin) => origin.trim()).filter(Boolean),
});
console.log(`[ws] events via ${env.REDIS_URL ? "Redis" : "PostgreSQL LISTEN/NOTIFY"}, rate limits in ${limits.store.kind === "redis" ? "Redis" : "PostgreSQL"}`);
console.log(`[ws] tRPC WebSocket server on ws://localhost:${server.port} (health: http://localhost:${server.port}/health)`);

async function shutdown(signal: string) {
  console.log(`[ws] ${signal}: asking clients to reconnect, closing`);
  await server.close();
  await realtime.close();
  await Promise.allSettled([bus.close(), limits.close(), db.$disconnect()]);
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
