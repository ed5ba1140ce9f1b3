import { createEventBus } from "@onair/api/events";
import { getDb } from "@onair/db";
import { loadEnv } from "./env";
import { startWsServer } from "./server";

const env = loadEnv();
const db = getDb(env.DATABASE_URL);
const bus = createEventBus({ databaseUrl: env.DATABASE_URL });

const server = await startWsServer({
  db,
  bus,
  authSecret: env.AUTH_SECRET,
  port: env.WS_PORT,
  host: env.WS_HOST,
  allowedOrigins: env.WS_ALLOWED_ORIGINS.split(",").map((origin) => origin.trim()).filter(Boolean),
});
console.log(`[ws] tRPC WebSocket server on ws://localhost:${server.port} (health: http://localhost:${server.port}/health)`);

async function shutdown(signal: string) {
  console.log(`[ws] ${signal}: asking clients to reconnect, closing`);
  await server.close();
  await Promise.allSettled([bus.close(), db.$disconnect()]);
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
