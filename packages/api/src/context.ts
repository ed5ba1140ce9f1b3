import type { Db } from "@onair/db";
import { databaseAvailability } from "./database-availability";
import type { EventBus } from "./events/bus";
import type { JobSender } from "./jobs/job-queue";
import type { Realtime } from "./realtime";
import type { Connection } from "./realtime/connection";
import { resolveSessionUser, type Credential, type SessionUser } from "./services/account/session-user";
import type { ServiceDeps } from "./services/deps";
import type { Limits } from "./services/limits/limits";
import { PUSH_OFF, type PushSettings } from "./services/push/settings";
import { shopSettings, type ShopSettings } from "./services/shop/shop-config";
import { mediaDepsFromConfig, type MediaDeps } from "./services/studio/media-deps";
import { toTRPCError } from "./trpc-errors";

export interface Context {
  db: Db;
  bus: EventBus;
  /** Subscriptions' machinery; only the WebSocket server has it. */
  realtime: Realtime | null;
  /** Null for anonymous viewers. */
  user: SessionUser | null;
  /** What authenticated `user` (null when anonymous). */
  credential: Credential | null;
  /** An anonymous browser's stable id (sent as connectionParams.viewerKey), so its tabs count as one viewer. */
  viewerKey: string | null;
  /** The client's IP address (per-IP chat limits); null when unknown. */
  clientIp: string | null;
  /** Per-client allowances (chat, sign-up), shared by every process through Redis or PostgreSQL. */
  limits: Limits;
  /** The server's auth secret (derives API tokens for retried creates, so a retry returns the same token). */
  authSecret: string;
  /** The client's WebSocket connection (absent over HTTP and in process): its frames and its calls' gate (realtime/connection.ts). */
  connection?: Connection | null;
  /** Media storage, Agora's credentials and the RTMP address (the studio's services). */
  media: MediaDeps;
  /** The job queue services send to (createServices' `jobs`). */
  jobs: JobSender;
  /** Checkout's hold length and payment providers (createServices' `shop`). */
  shop: ShopSettings;
  /** Web push settings (createServices' `push`). */
  push: PushSettings;
  /** What every query's and mutation's service gets (`service(ctx.deps, input)`), built once per request below. */
  deps: ServiceDeps;
}

/**
 * What one WebSocket connection lets through, held by the WebSocket server:
 * it refuses calls while the server drains for a restart and subscriptions
 * past the per-connection cap, and counts the calls in flight.
 */
export interface ConnectionGate {
  /**
   * Called as a call starts; throws an AppError to refuse it. Returns what to
   * call once the call has ended (a subscription: once it has stopped).
   */
  begin(call: { type: "query" | "mutation" | "subscription"; path: string }): () => void;
}

/**
 * For tests and server-side callers that already know the user. Builds the services' deps once for the request.
 * Without `media`: the defaults of config.ts (MEDIA_DIR's default directory, no Agora).
 */
export function createContextInner(
  context: Omit<Context, "deps" | "media" | "jobs" | "shop" | "push"> & {
    media?: MediaDeps;
    jobs?: JobSender;
    shop?: ShopSettings;
    push?: PushSettings;
  },
): Context {
  const { db, bus, limits, authSecret, user, clientIp } = context;
  const media = context.media ?? defaultMediaDeps();
  const jobs = context.jobs ?? NO_JOB_QUEUE;
  const shop = context.shop ?? defaultShopSettings();
  // Without the process's settings: push off.
  const push = context.push ?? PUSH_OFF;
  return { ...context, media, jobs, shop, push, deps: { db, bus, limits, authSecret, actor: user, clientIp, jobs, shop, push, ...media } };
}

let defaultShop: ShopSettings | undefined;
/** Without the process's settings: 600 s holds, pay on delivery only. */
function defaultShopSettings(): ShopSettings {
  defaultShop ??= shopSettings();
  return defaultShop;
}

/** For contexts built without a queue (tests of features that queue nothing): sending is a programming error. */
const NO_JOB_QUEUE: JobSender = {
  send: (name) => Promise.reject(new Error(`No job queue in this context (sending "${name}"): pass createServices' jobs.`)),
};

let defaultMedia: MediaDeps | undefined;
function defaultMediaDeps(): MediaDeps {
  defaultMedia ??= mediaDepsFromConfig({});
  return defaultMedia;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function readHeader(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join("; ") : (value ?? null);
}

/**
 * One context factory for both transports: HTTP requests (fetch Headers) and
 * WebSocket connections (the upgrade request's headers plus connectionParams).
 */
export function createContextFactory(deps: {
  db: Db;
  bus: EventBus;
  limits: Limits;
  authSecret: string;
  realtime?: Realtime | null;
  /** The process's media deps (createServices' `media`); default: see createContextInner. */
  media?: MediaDeps;
  /** The process's job queue (createServices' `jobs`). */
  jobs?: JobSender;
  /** The process's shop settings (createServices' `shop`). */
  shop?: ShopSettings;
  /** The process's web push settings (createServices' `push`); default: push off. */
  push?: PushSettings;
}) {
  return async (opts: {
    headers: HeaderSource;
    connectionParams?: Record<string, string | undefined> | null;
    /** The client's address as the transport established it (the TCP peer, or the trusted proxy's last hop); null: unknown, no per-address limits. */
    clientIp?: string | null;
    /**
     * Whether the session cookie may authenticate this request. The WebSocket
     * server passes false for connections from other origins (cross-site
     * WebSocket hijacking); tokens work from anywhere. Default true.
     */
    allowCookie?: boolean;
    /** The client's WebSocket connection (WebSocket server only). */
    connection?: Connection | null;
  }): Promise<Context> => {
    const authorization = readHeader(opts.headers, "authorization");
    const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1] ?? null;
    const session = await resolveSessionUser(deps.db, deps.authSecret, {
      apiToken: opts.connectionParams?.token ?? bearer,
      cookieHeader: opts.allowCookie === false ? null : readHeader(opts.headers, "cookie"),
    }).catch((error: unknown) => {
      // PostgreSQL unreachable: SERVICE_UNAVAILABLE with a retry hint, not a 500 with the driver's text.
      if (databaseAvailability(deps.db).reportFailure(error)) throw toTRPCError(error);
      throw error;
    });
    const viewerKey = opts.connectionParams?.viewerKey;
    return createContextInner({
      db: deps.db,
      bus: deps.bus,
      limits: deps.limits,
      authSecret: deps.authSecret,
      realtime: deps.realtime ?? null,
      media: deps.media,
      jobs: deps.jobs,
      shop: deps.shop,
      push: deps.push,
      user: session?.user ?? null,
      credential: session?.credential ?? null,
      viewerKey: viewerKey && /^[A-Za-z0-9_-]{8,64}$/.test(viewerKey) ? viewerKey : null,
      clientIp: opts.clientIp ?? null,
      connection: opts.connection ?? null,
    });
  };
}
