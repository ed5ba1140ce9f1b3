import type { Db } from "@onair/db";
import type { EventBus } from "../events/bus";
import type { JobSender } from "../jobs/job-queue";
import type { SessionUser } from "./account/session-user";
import type { Limits } from "./limits/limits";
import type { StreamRef, StreamRole } from "./moderation/permissions";
import type { PushSettings } from "./push/settings";
import type { ShopSettings } from "./shop/shop-config";
import type { MediaDeps } from "./studio/media-deps";

/**
 * What every service gets as its first argument: `fn(deps, input)`. Built once
 * per request by the tRPC context (`createContextInner` in context.ts); the base
 * procedures narrow `actor` (and add the stream) as they check who may call.
 * A service that needs less says so with `Pick<ServiceDeps, "db" | ...>`.
 */
export interface ServiceDeps extends MediaDeps {
  db: Db;
  /** Events across processes; services publish only after their transaction commits (shared/transaction.ts). */
  bus: EventBus;
  /** The PostgreSQL job queue (pg-boss): work that must happen later (a hold's release, a flash sale's end), sent in the change's transaction. */
  jobs: JobSender;
  /** Checkout's hold length and the payment providers on offer (SHOP_HOLD_SECONDS, STRIPE_*). */
  shop: ShopSettings;
  /** Web push: the VAPID keys (null: push off) and the allowed push endpoints (VAPID_*, PUSH_ENDPOINT_ORIGINS). */
  push: PushSettings;
  /** Per-client allowances (chat, sign-up), shared by every process through Redis or PostgreSQL. */
  limits: Limits;
  /** The server's auth secret (derives API tokens for retried creates). */
  authSecret: string;
  /** The signed-in user, or null for an anonymous caller. */
  actor: SessionUser | null;
  /** The client's IP address (per-address limits); null when unknown. */
  clientIp: string | null;
}

/** A signed-in caller's deps (protectedProcedure and those built on it). */
export type SignedInDeps = ServiceDeps & { actor: SessionUser };

/**
 * A call about one stream (streamModeratorProcedure, streamOwnerProcedure): the
 * procedure has loaded the stream and checked the actor's role in it; `actor.role` is the current global role.
 */
export type StreamDeps = SignedInDeps & { stream: StreamRef; actorRole: StreamRole };
