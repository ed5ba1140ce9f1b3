import type { Db } from "@onair/db";
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { databaseAvailability, databaseUnavailableError, isConnectionFailure } from "./database-availability";
import { errorIdOf, isUnexpectedError, unexpectedErrorMessage } from "./error-report";
import { AppError, type AppErrorCode } from "./errors";
import type { EventBus } from "./events/bus";
import { inputProblem } from "./input-limits";
import type { Realtime } from "./realtime";
import { DirectChannel } from "./realtime/direct-delivery";
import type { Connection } from "./realtime/connection";
import { resolveSessionUser, type Credential, type SessionUser } from "./services/account/session-user";
import type { ServiceDeps } from "./services/deps";
import type { Limits } from "./services/limits/limits";
import { canManageStream, canModerate, currentRole, streamAccess } from "./services/moderation/permissions";
import { streamIdSchema } from "./services/shared/ids";

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

/** For tests and server-side callers that already know the user. Builds the services' deps once for the request. */
export function createContextInner(context: Omit<Context, "deps">): Context {
  const { db, bus, limits, authSecret, user, clientIp } = context;
  return { ...context, deps: { db, bus, limits, authSecret, actor: user, clientIp } };
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
export function createContextFactory(deps: { db: Db; bus: EventBus; limits: Limits; authSecret: string; realtime?: Realtime | null }) {
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
      user: session?.user ?? null,
      credential: session?.credential ?? null,
      viewerKey: viewerKey && /^[A-Za-z0-9_-]{8,64}$/.test(viewerKey) ? viewerKey : null,
      clientIp: opts.clientIp ?? null,
      connection: opts.connection ?? null,
    });
  };
}

const APP_TO_TRPC_CODE = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const satisfies Record<AppErrorCode, TRPC_ERROR_CODE_KEY>;

/**
 * Maps a service's AppError to the matching TRPCError, and a lost or refused
 * database connection to SERVICE_UNAVAILABLE with a retry hint; anything else passes through.
 */
export function toTRPCError(error: unknown): unknown {
  let cause = error instanceof TRPCError && error.cause instanceof AppError ? error.cause : error;
  if (!(cause instanceof AppError) && isConnectionFailure(error)) cause = databaseUnavailableError();
  if (cause instanceof AppError) return new TRPCError({ code: APP_TO_TRPC_CODE[cause.code], message: cause.message, cause });
  return error;
}

function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

/**
 * Who may call a procedure. Every procedure gets one from its base procedure
 * below; the permission matrix test reads it from the router.
 * - public: anyone, signed in or not
 * - signedIn: any signed-in user
 * - streamModerator: the stream's owner, its appointed moderators, global moderators and admins
 * - streamOwner: the stream's owner and admins
 * - admin: admins
 */
export type Access = "public" | "signedIn" | "streamModerator" | "streamOwner" | "admin";
export interface Meta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: {
      input: superjson,
      output: {
        // A DirectChannel is a handshake with our ws encoder, never data (see direct-delivery.ts).
        serialize: (value: unknown) => (value instanceof DirectChannel ? value : superjson.serialize(value)),
        deserialize: superjson.deserialize,
      },
    },
    errorFormatter({ shape, error }) {
      // Never a stack (tRPC adds one outside production), a driver's text or SQL: an unexpected
      // error gets a generic sentence and an id the server logs with the details (error-report.ts).
      const { stack: _stack, ...data } = shape.data;
      const unexpected = isUnexpectedError(error);
      return {
        ...shape,
        // Input errors read as one sentence ("body: Message cannot be empty.") rather than zod's JSON.
        message:
          error.cause instanceof ZodError ? describeZodError(error.cause) : unexpected ? unexpectedErrorMessage(error) : shape.message,
        data: {
          ...data,
          zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
          // Why chat refused a message, and when trying again can work (AppError details).
          reason: error.cause instanceof AppError ? (error.cause.details.reason ?? null) : null,
          retryAfterMs: error.cause instanceof AppError ? (error.cause.details.retryAfterMs ?? null) : null,
          errorId: unexpected ? errorIdOf(error) : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Domain errors (AppError, a lost database) become their TRPCError, in one
 * place for every procedure: thrown by a query or mutation, by a subscription
 * as it starts, or by a subscription's feed while it runs.
 */
const appErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    databaseAvailability(ctx.db).reportFailure(result.error);
    const mapped = toTRPCError(result.error);
    if (mapped !== result.error) throw mapped;
  }
  if (result.ok && isAsyncIterable(result.data)) return { ...result, data: mappingErrors(result.data, ctx.db) };
  return result;
});

/** A subscription's feed, with what it throws mapped like any procedure's error. */
async function* mappingErrors<T>(feed: AsyncIterable<T>, db: Db): AsyncGenerator<T> {
  try {
    yield* feed;
  } catch (error) {
    databaseAvailability(db).reportFailure(error);
    throw toTRPCError(error);
  }
}

/**
 * Every input, before its schema: no NUL bytes or lone surrogates, bounded
 * strings, finite numbers, sane dates, bounded nesting (input-limits.ts).
 */
const inputGuard = t.middleware(async ({ getRawInput, next }) => {
  const problem = inputProblem(await getRawInput());
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
  return next();
});

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/** Ends a subscription's hold on its connection once it finishes by itself. */
async function* endingWhenDone<T>(iterable: AsyncIterable<T>, end: () => void): AsyncGenerator<T> {
  try {
    yield* iterable;
  } finally {
    end();
  }
}

/**
 * Every call on a WebSocket connection passes its gate (ctx.connection):
 * a query or mutation is counted while it runs, a subscription until it
 * stops (unsubscribed, cancelled, failed or finished).
 */
const connectionGate = t.middleware(async ({ ctx, type, path, signal, next }) => {
  if (!ctx.connection) return next();
  const release = ctx.connection.begin({ type, path });
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    release();
  };
  if (type !== "subscription") {
    try {
      return await next();
    } finally {
      end();
    }
  }
  if (signal?.aborted) end();
  signal?.addEventListener("abort", end, { once: true });
  const result = await next();
  if (!result.ok || !isAsyncIterable(result.data)) {
    end();
    return result;
  }
  return { ...result, data: endingWhenDone(result.data, end) };
});

export const publicProcedure = t.procedure.meta({ access: "public" }).use(appErrors).use(connectionGate).use(inputGuard);

/** Subscriptions need the realtime machinery, which only the WebSocket server has. */
const requireRealtime = t.middleware(({ ctx, next }) => {
  if (!ctx.realtime) {
    throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: "Subscriptions are served over WebSocket by the OnAir WS server." });
  }
  // Only `realtime` is narrowed: tRPC merges it into the ctx, keeping what earlier middleware narrowed (user, stream).
  return next({ ctx: { realtime: ctx.realtime } });
});

/** Public subscriptions (served by the WebSocket server). */
export const subscriptionProcedure = publicProcedure.use(requireRealtime);

/** Signed-in users only; narrows ctx.user to non-null. Not signed in: UNAUTHORIZED. */
export const protectedProcedure = publicProcedure.meta({ access: "signedIn" }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to do this." });
  return next({ ctx: { ...ctx, user: ctx.user, deps: { ...ctx.deps, actor: ctx.user } } });
});

const streamIdInput = z.object({ streamId: streamIdSchema });

/**
 * Procedures about one stream (input `{ streamId, ... }`): loads the stream
 * (NOT_FOUND when unknown) and the caller's role in it into ctx. The role is
 * read from the database on every call (a WebSocket connection keeps its
 * session user from when it connected), and ctx.user gets the current global role.
 */
const streamProcedure = protectedProcedure.input(streamIdInput).use(async ({ ctx, input, next }) => {
  const { stream, role, userRole } = await streamAccess(ctx.db, ctx.user, input.streamId);
  const user = { ...ctx.user, role: userRole };
  return next({ ctx: { ...ctx, user, stream, streamRole: role, deps: { ...ctx.deps, actor: user, stream, actorRole: role } } });
});

/** The stream's owner, its moderators, global moderators and admins; anyone else signed in: FORBIDDEN. */
export const streamModeratorProcedure = streamProcedure.meta({ access: "streamModerator" }).use(({ ctx, next }) => {
  if (!canModerate(ctx.streamRole)) throw new AppError("FORBIDDEN", "Only this stream's moderators can do this.");
  return next();
});

/** Moderator-only subscriptions (served by the WebSocket server). */
export const streamModeratorSubscriptionProcedure = streamModeratorProcedure.use(requireRealtime);

/** The stream's owner and admins; anyone else signed in: FORBIDDEN. */
export const streamOwnerProcedure = streamProcedure.meta({ access: "streamOwner" }).use(({ ctx, next }) => {
  if (!canManageStream(ctx.streamRole)) throw new AppError("FORBIDDEN", "Only the stream's owner or an admin can do this.");
  return next();
});

/** Admins only; anyone else signed in: FORBIDDEN. */
export const adminProcedure = protectedProcedure.meta({ access: "admin" }).use(async ({ ctx, next }) => {
  // The role as stored now, not as it was when a WebSocket connection was opened.
  const role = await currentRole(ctx.db, ctx.user.id);
  if (!role) throw new AppError("UNAUTHORIZED", "Sign in to do this.");
  if (role !== "ADMIN") throw new AppError("FORBIDDEN", "Only admins can do this.");
  const user = { ...ctx.user, role };
  return next({ ctx: { user, deps: { ...ctx.deps, actor: user } } });
});
