import { randomBytes } from "node:crypto";
import { createServices } from "@onair/api";
import {
  startAnalyticsCollector,
  startChatArchiver,
  startFlashSaleWorker,
  startHeartbeat,
  startMonitor,
  startNotificationWorker,
  startPushWorker,
  startShopHoldWorker,
} from "@onair/api/jobs";
import { loadEnv } from "./env";
import { startWsServer } from "./server";

const env = loadEnv();
/** Names this process in viewer sessions and in its heartbeat row (server_instances). */
const instanceId = env.WS_INSTANCE_ID ?? `ws-${randomBytes(4).toString("hex")}`;
const services = createServices(env, { realtime: { presence: { instanceId } } });
const { db, bus, realtime, limits, media } = services;
// Every instance sends jobs; those with JOBS_WORKER also run them.

// The stream monitor closes the viewer sessions of servers whose heartbeat stops.
const heartbeat = startHeartbeat({ db }, { instanceId });
await heartbeat.first;
const jobs = env.JOBS_WORKER ? services.jobs : null;
await jobs?.start().catch((error: unknown) => {
  console.error(`[ws] could not start the job queue (pg-boss, schema "pgboss"): ${(error as Error).message}`);
  process.exit(1);
});
const monitor = jobs
  ? await startMonitor(
      jobs,
      { db, bus },
      { intervalSeconds: env.MONITOR_INTERVAL_SECONDS, silenceEndSeconds: env.STREAM_SILENCE_END_SECONDS },
    )
  : null;
// Live shopping: a flash sale's start and end reach every viewer on every instance.
if (jobs) await startFlashSaleWorker(jobs, { db, bus });
// Live shopping: checkouts' holds run out (and unpaid card orders are cancelled) on the job queue.
const shopHolds = jobs ? await startShopHoldWorker(jobs, { db, bus, shop: services.shop }) : null;
// Chat retention: chat older than the site's setting leaves the live table, once an hour across all instances.
const chatArchiver = jobs ? await startChatArchiver(jobs, { db }) : null;
// Notifications: "went live" and "scheduled" fan-outs to followers, and web pushes (docs/notifications.md).
if (jobs) {
  await startNotificationWorker(jobs, { db, bus, push: services.push });
  await startPushWorker(jobs, { db, push: services.push });
}
// Analytics: the per-minute collector (one run per minute across all instances).
const analyticsCollector = jobs ? await startAnalyticsCollector(jobs, { db }) : null;

/** The web app's own origins: only their pages' session cookies sign a WebSocket in. */
const cookieOrigins = [...(env.NEXTAUTH_URL ? [new URL(env.NEXTAUTH_URL).origin] : []), ...env.WS_ALLOWED_ORIGINS];
const server = await startWsServer({
  db,
  bus,
  realtime,
  limits,
  media,
  jobs: services.jobs,
  shop: services.shop,
  push: services.push,
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
console.log(
  jobs
    ? `[ws] instance ${instanceId}; job workers on (stream monitor every ${env.MONITOR_INTERVAL_SECONDS} s)`
    : `[ws] instance ${instanceId}; JOBS_WORKER=0: no job workers here (another instance must run them)`,
);
console.log(`[ws] tRPC WebSocket server on ws://localhost:${server.port} (health: http://localhost:${server.port}/health)`);

async function shutdown(signal: string) {
  console.log(
    `[ws] ${signal}: refusing new calls, asking clients to reconnect, finishing calls in flight (up to ${env.WS_SHUTDOWN_GRACE_MS} ms), closing`,
  );
  monitor?.stop();
  shopHolds?.stop();
  chatArchiver?.stop();
  analyticsCollector?.stop();
  await server.close();
  // Jobs under way get the same grace as calls; the rest stay queued for another instance.
  await Promise.allSettled([services.jobs.stop({ timeoutMs: env.WS_SHUTDOWN_GRACE_MS }), heartbeat.stop()]);
  await services.close();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
