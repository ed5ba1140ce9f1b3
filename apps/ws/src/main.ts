import { createServices } from "@onair/api";
import { loadEnv } from "./env";
import { startWsServer } from "./server";

const env = loadEnv();
const services = createServices(env, { realtime: { presence: env.WS_INSTANCE_ID ? { instanceId: env.WS_INSTANCE_ID } : undefined } });
const { db, bus, realtime, limits } = services;

/** The web app's own origins: only their pages' session cookies sign a WebSocket in. */
const cookieOrigins = [...(env.NEXTAUTH_URL ? [new URL(env.NEXTAUTH_URL).origin] : []), ...env.WS_ALLOWED_ORIGINS];
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
  cookieOrigins,
  sessionCheckMs: env.WS_SESSION_CHECK_MS,
  maxPayloadBytes: env.WS_MAX_PAYLOAD_BYTES,
  maxSubscriptionsPerConnection: env.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
  shutdownGraceMs: env.WS_SHUTDOWN_GRACE_MS,
});
console.log(
  `[ws] events via ${env.REDIS_URL ? "Redis" : "PostgreSQL LISTEN/NOTIFY"}, rate limits in ${limits.store.kind === "redis" ? "Redis" : "PostgreSQL"}`,
);
console.log(
  cookieOrigins.length > 0
    ? `[ws] session cookies sign in browser connections from ${cookieOrigins.join(", ")} only (other origins: anonymous or API token)`
    : "[ws] NEXTAUTH_URL and WS_ALLOWED_ORIGINS unset: session cookies never sign in browser connections (API tokens still do)",
);
console.log(`[ws] tRPC WebSocket server on ws://localhost:${server.port} (health: http://localhost:${server.port}/health)`);

async function shutdown(signal: string) {
  console.log(
    `[ws] ${signal}: refusing new calls, asking clients to reconnect, finishing calls in flight (up to ${env.WS_SHUTDOWN_GRACE_MS} ms), closing`,
  );
  await server.close();
  await services.close();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
