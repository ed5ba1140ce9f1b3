import { getDb, type Db } from "@onair/db";
import { createEventBus, type EventBus } from "./events";
import { createJobQueue, type JobQueue } from "./jobs/job-queue";
import { createRealtime, type Realtime } from "./realtime";
import type { PresenceOptions } from "./realtime/presence";
import { limitsFromEnv, type Limits, type LimitsEnv } from "./services/limits/limits";
import { pushSettingsFromEnv, type PushEnv, type PushSettings } from "./services/push/settings";
import { shopConfigFromEnv, shopSettings, type ShopEnv, type ShopSettings } from "./services/shop/shop-config";
import { mediaDepsFromConfig, type MediaConfig, type MediaDeps } from "./services/studio/media-deps";

/** The configuration the services read (a subset of apps/web's and apps/ws's env, see config.ts). */
export interface ServicesConfig extends LimitsEnv, MediaConfig, ShopEnv, PushEnv {
  DATABASE_URL: string;
  REDIS_URL?: string | null;
  REDIS_KEY_PREFIX?: string;
}

export interface ServicesOptions {
  /** A database client already made (tests give one with a larger pool); default the process's shared one (`getDb`). */
  db?: Db;
  /** Limits already made (tests give in-memory ones); default counters in Redis, else PostgreSQL. */
  limits?: Limits;
  /** Media deps already made (tests give a temporary directory); default from the config (MEDIA_DIR, AGORA_*, RTMP_*). */
  media?: MediaDeps;
  /** Shop settings already made (tests give their own hold length or a Stripe test double); default from the config. */
  shop?: ShopSettings;
  /** Web push settings already made (tests give their own keys and endpoint origins); default from the config. */
  push?: PushSettings;
}

/** What every process that serves the API holds: one of each, built once. */
export interface Services {
  db: Db;
  /** Events across processes: Redis pub/sub when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY. */
  bus: EventBus;
  /** Chat and sign-up allowances, shared by every process (Redis, else PostgreSQL). */
  limits: Limits;
  /** Media storage (thumbnails, recordings), Agora's credentials and the RTMP address, for the studio's services. */
  media: MediaDeps;
  /** Checkout's hold length and the payment providers (SHOP_HOLD_SECONDS, STRIPE_*). */
  shop: ShopSettings;
  /** Web push: VAPID keys (null: off) and allowed push endpoints (VAPID_*, PUSH_ENDPOINT_ORIGINS). */
  push: PushSettings;
  /** The job queue (pg-boss in PostgreSQL, schema "pgboss"): started on first use; processes with JOBS_WORKER also work it. */
  jobs: JobQueue;
  /** Closes what the services opened (realtime first, then the bus, limits and database together). */
  close(): Promise<void>;
}

/** The services of a process that serves WebSockets: the above and the subscription machinery. */
export interface RealtimeServices extends Services {
  realtime: Realtime;
}

/**
 * The composition root: the one place a process builds its database client,
 * event bus, Redis clients (all from redis.ts, one error and reconnect policy),
 * limits and, for WebSocket servers, realtime. apps/ws/src/main.ts and
 * apps/web/src/server/services.ts call it with their validated env.
 */
export function createServices(
  config: ServicesConfig,
  options: ServicesOptions & { realtime: { presence?: Partial<PresenceOptions> } },
): RealtimeServices;
export function createServices(config: ServicesConfig, options?: ServicesOptions): Services;
export function createServices(
  config: ServicesConfig,
  options: ServicesOptions & { realtime?: { presence?: Partial<PresenceOptions> } } = {},
): Services | RealtimeServices {
  const db = options.db ?? getDb(config.DATABASE_URL);
  const bus = createEventBus({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX });
  const limits = options.limits ?? limitsFromEnv(config);
  const media = options.media ?? mediaDepsFromConfig(config);
  const jobs = createJobQueue({ databaseUrl: config.DATABASE_URL });
  const shop = options.shop ?? shopSettings(shopConfigFromEnv(config));
  const push = options.push ?? pushSettingsFromEnv(config);
  const realtime = options.realtime
    ? createRealtime({ db, bus, redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX, presence: options.realtime.presence })
    : null;
  const close = async () => {
    await realtime?.close();
    await Promise.allSettled([jobs.stop({ timeoutMs: 10_000 }), bus.close(), limits.close(), db.$disconnect()]);
  };
  return realtime ? { db, bus, limits, media, jobs, shop, push, realtime, close } : { db, bus, limits, media, jobs, shop, push, close };
}
