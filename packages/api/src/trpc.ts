import type { Db } from "@onair/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { databaseAvailability } from "./database-availability";
import { errorIdOf, isUnexpectedError, unexpectedErrorMessage } from "./error-report";
import { AppError } from "./errors";
import { inputProblem } from "./input-limits";
import { DirectChannel } from "./realtime/direct-delivery";
import { assertAnalyticsReader } from "./services/analytics/access";
import { canManageStream, canModerate, currentRole, streamAccess } from "./services/moderation/permissions";
import { streamIdSchema } from "./services/shared/ids";
import { assertShopManager } from "./services/shop/shop-access";
import { creationPermission, NOT_A_CREATOR } from "./services/studio/creation-policy";
import type { Context } from "./context";
import type { SessionUser } from "./services/account/session-user";
import type { SignedInDeps } from "./services/deps";
import { describeZodError, toTRPCError } from "./trpc-errors";

/**
 * Who may call a procedure. Every procedure gets one from its base procedure
 * below; the permission matrix test reads it from the router.
 * - public: anyone, signed in or not
 * - signedIn: any signed-in user
 * - streamModerator: the stream's owner, its appointed moderators, global moderators and admins
 * - streamOwner: the stream's owner and admins
 * - admin: admins
 * - creator: whoever may create streams: every signed-in user when the site's policy is EVERYONE,
 *   else creators (User.canCreateStreams) and admins
 * - streamShop: the stream's owner and admins, and its appointed moderators when the owner allows them the shop
 * - streamAnalytics: the stream's owner and admins, and its appointed moderators when the owner allows them its analytics
 */
export type Access = "public" | "signedIn" | "streamModerator" | "streamOwner" | "admin" | "creator" | "streamShop" | "streamAnalytics";
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
 * The stream and the caller's role in it, for ctx. The role is read from the
 * database on every call (a WebSocket connection keeps its session user from
 * when it connected), and the user gets the current global role.
 */
async function withStream<Ctx extends { db: Db; user: SessionUser; deps: SignedInDeps }>(ctx: Ctx, streamId: string) {
  const { stream, role, userRole } = await streamAccess(ctx.db, ctx.user, streamId);
  const user = { ...ctx.user, role: userRole };
  return { ...ctx, user, stream, streamRole: role, deps: { ...ctx.deps, actor: user, stream, actorRole: role } };
}

/**
 * Procedures about one stream (input `{ streamId, ... }`): loads the stream
 * (NOT_FOUND when unknown) and the caller's role in it into ctx.
 */
const streamProcedure = protectedProcedure.input(streamIdInput).use(async ({ ctx, input, next }) => {
  return next({ ctx: await withStream(ctx, input.streamId) });
});

/** The stream's owner, its moderators, global moderators and admins; anyone else signed in: FORBIDDEN. */
export const streamModeratorProcedure = streamProcedure.meta({ access: "streamModerator" }).use(({ ctx, next }) => {
  if (!canModerate(ctx.streamRole)) throw new AppError("FORBIDDEN", "Only this stream's moderators can do this.");
  return next();
});

/** Moderator-only subscriptions (served by the WebSocket server). */
export const streamModeratorSubscriptionProcedure = streamModeratorProcedure.use(requireRealtime);

const OWNER_ONLY = "Only the stream's owner or an admin can do this.";

/** The stream's owner and admins; anyone else signed in: FORBIDDEN. */
export const streamOwnerProcedure = streamProcedure.meta({ access: "streamOwner" }).use(({ ctx, next }) => {
  if (!canManageStream(ctx.streamRole)) throw new AppError("FORBIDDEN", OWNER_ONLY);
  return next();
});

/** Whoever manages the stream's shop (services/shop/shop-access.ts); anyone else signed in: FORBIDDEN. */
export const streamShopProcedure = streamProcedure.meta({ access: "streamShop" }).use(async ({ ctx, next }) => {
  await assertShopManager(ctx.db, ctx.stream, ctx.user, ctx.streamRole);
  return next();
});

/** Whoever reads the stream's analytics (services/analytics/access.ts); anyone else signed in: FORBIDDEN. */
export const streamAnalyticsProcedure = streamProcedure.meta({ access: "streamAnalytics" }).use(async ({ ctx, next }) => {
  await assertAnalyticsReader(ctx.db, ctx.stream, ctx.user, ctx.streamRole);
  return next();
});

/** The seller's live feed (orders.onEvents; served by the WebSocket server). */
export const streamShopSubscriptionProcedure = streamShopProcedure.use(requireRealtime);

/** Admins only; anyone else signed in: FORBIDDEN. */
export const adminProcedure = protectedProcedure.meta({ access: "admin" }).use(async ({ ctx, next }) => {
  // The role as stored now, not as it was when a WebSocket connection was opened.
  const role = await currentRole(ctx.db, ctx.user.id);
  if (!role) throw new AppError("UNAUTHORIZED", "Sign in to do this.");
  if (role !== "ADMIN") throw new AppError("FORBIDDEN", "Only admins can do this.");
  const user = { ...ctx.user, role };
  return next({ ctx: { user, deps: { ...ctx.deps, actor: user } } });
});

/**
 * Uploads to one stream, owner and admins only: the input is multipart FormData
 * (sent over HTTP by httpLink, never batched) with the stream in its `streamId` field.
 */
export const streamOwnerFormProcedure = protectedProcedure
  .meta({ access: "streamOwner" })
  .input(z.instanceof(FormData, { message: "Send this as multipart form data." }))
  .use(async ({ ctx, input, next }) => {
    const streamId = streamIdSchema.safeParse(input.get("streamId"));
    if (!streamId.success) throw new AppError("BAD_REQUEST", "The form needs the stream's id in its streamId field.");
    const withStreamCtx = await withStream(ctx, streamId.data);
    if (!canManageStream(withStreamCtx.streamRole)) throw new AppError("FORBIDDEN", OWNER_ONLY);
    return next({ ctx: withStreamCtx });
  });

/** Whoever may create streams (see Access); anyone else signed in: FORBIDDEN with the reason. */
export const creatorProcedure = protectedProcedure.meta({ access: "creator" }).use(async ({ ctx, next }) => {
  const { canCreate, reason } = await creationPermission(ctx.db, ctx.user.id);
  if (!canCreate) throw new AppError("FORBIDDEN", reason ?? NOT_A_CREATOR);
  return next();
});

/**
 * Uploads by whoever may create streams (product images): multipart FormData
 * sent over HTTP by httpLink, never batched. Anyone else signed in: FORBIDDEN with the reason.
 */
export const creatorFormProcedure = creatorProcedure.input(z.instanceof(FormData, { message: "Send this as multipart form data." }));

/** Signed-in users' own subscriptions (notifications.onEvents; served by the WebSocket server). */
export const protectedSubscriptionProcedure = protectedProcedure.use(requireRealtime);
