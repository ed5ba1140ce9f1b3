import type { DbOrTx } from "@onair/db";
import type { TrackedEnvelope } from "@trpc/server";
import type { EventBus } from "../events/bus";
import {
  feedOf,
  userTopic,
  type ChatEvent,
  type ModerationEvent,
  type NotificationEvent,
  type SellerEvent,
  type StreamStateEvent,
} from "../events/types";
import { AppError } from "../errors";
import { chatCatchUp } from "../services/chat/catch-up";
import { heldQueue } from "../services/moderation/messages";
import { unreadCount } from "../services/notifications/read";
import { canModerate, userRoleIn, type StreamRef } from "../services/moderation/permissions";
import { recordJoinImpressions } from "../services/shop/engagement";
import { shopTotals } from "../services/shop/orders/views";
import { streamSnapshot } from "../services/stream/snapshot";
import { deliverFeed } from "./connection";
import { ChatSink, StateSink } from "./direct-delivery";
import type { FrameSink } from "./frame";
import type { Realtime } from "./index";
import type { Viewer } from "./presence";

/**
 * The subscription feeds. Each joins its stream's room first (so nothing
 * committed after its reads is missed), writes its start from the services'
 * domain reads (a chat replay or history page, a state snapshot), then hands
 * over to the room's direct delivery (direct-delivery.ts), all through
 * deliverFeed: over WebSocket to the client's connection, in process to a
 * connection in memory.
 */

/** How often (at most, and only when events arrive) a running moderation feed re-checks that its subscriber still moderates the stream. */
export const MODERATOR_RECHECK_MS = 10_000;

/**
 * The resumable chat feed (chat.onMessage): the catch-up (chatCatchUp), then
 * live chat events, each message once and in order, tracked by the sequence
 * number a client resumes after.
 */
export function chatFeed(
  deps: { db: DbOrTx; realtime: Realtime; connection: FrameSink | null },
  input: { streamId: string; lastEventId?: string | null; viewerId: string | null; signal: AbortSignal },
): AsyncGenerator<TrackedEnvelope<ChatEvent>> {
  const { db, realtime } = deps;
  return deliverFeed(deps.connection, input.signal, async (connection, channel, stopped) => {
    const sink = new ChatSink(connection, input.viewerId);
    // Joining first (NOT_FOUND for an unknown stream): anything committed after the reads below arrives live.
    await realtime.hub.attachSink(input.streamId, sink, stopped);
    const room = realtime.hub.room(input.streamId);
    const catchUp = chatCatchUp({ db }, input);
    for (let next = await catchUp.next(); ; next = await catchUp.next()) {
      if (stopped.aborted) return;
      if (next.done) {
        sink.goLive(channel, next.value);
        return;
      }
      const { seq, event } = next.value;
      // The room's own event object for a message: its frame is encoded once for every client replaying it.
      sink.writeCatchUp(channel, seq, event.type === "chat.message" && room ? room.messageEvent(event.message) : event);
    }
  });
}

/**
 * The ephemeral state feed (stream.onEvents): a fresh snapshot (viewer count,
 * likes, status, chat settings, pinned products), then every state event
 * live. `viewer`: the subscriber watching the stream, counted as present while
 * the feed runs; null for anyone else (a moderator's dashboard).
 */
export function streamStateFeed(
  deps: { db: DbOrTx; realtime: Realtime; connection: FrameSink | null },
  input: { streamId: string; viewer: Viewer | null; signal: AbortSignal },
): AsyncGenerator<StreamStateEvent> {
  const { db, realtime } = deps;
  return deliverFeed(deps.connection, input.signal, async (connection, channel, stopped) => {
    const sink = new StateSink(connection);
    // Joining throws NOT_FOUND for an unknown stream.
    await realtime.hub.attachSink(input.streamId, sink, stopped);
    if (stopped.aborted) return;
    if (input.viewer) {
      const leave = realtime.presence.join(input.streamId, input.viewer);
      stopped.addEventListener("abort", leave, { once: true });
    }
    const counted = await realtime.presence.count(input.streamId);
    // A watching viewer sees themselves in the first count.
    const snapshot = await streamSnapshot({ db }, { streamId: input.streamId, viewerCount: input.viewer ? Math.max(counted, 1) : counted });
    if (stopped.aborted) return;
    sink.writeStart(channel, snapshot);
    sink.goLive(channel);
    // A viewer who (re)joins while products are pinned sees them: one impression each (one upsert; nothing without pins).
    if (input.viewer && snapshot.shelf.some((product) => product.pinned)) {
      await recordJoinImpressions(db, input.streamId, snapshot.shelf).catch((error: unknown) => {
        console.error(`[shop] could not count impressions on join: ${(error as Error).message}`);
      });
    }
  });
}

/**
 * A moderator's feed (moderation.onEvents): the current hold-for-review queue,
 * then every held message, review and audit entry as it happens. The feed
 * outlives the request that checked the subscriber's role, so it checks again
 * (their role read afresh) when they are removed as the stream's moderator and
 * every MODERATOR_RECHECK_MS: someone who no longer moderates the stream gets
 * FORBIDDEN and no further events. Few subscribers and rare events: it runs
 * through tRPC's own pipeline, the same in process and over WebSocket.
 */
export async function* moderationFeed(
  deps: { db: DbOrTx; realtime: Realtime; stream: StreamRef; moderatorId: string },
  input: { signal: AbortSignal },
): AsyncGenerator<ModerationEvent> {
  // Joined before the queue is read, so nothing held in between is missed (the client merges by id).
  const live = await deps.realtime.hub.join(deps.stream.id, input.signal);
  yield { type: "moderation.queue", streamId: deps.stream.id, messages: await heldQueue(deps) };
  let checkedAt = Date.now();
  for await (const event of live) {
    if (feedOf(event) !== "moderation") continue;
    const removed =
      event.type === "moderation.logged" && event.entry.action === "MODERATOR_REMOVE" && event.entry.targetUser?.id === deps.moderatorId;
    if (removed || Date.now() - checkedAt >= MODERATOR_RECHECK_MS) {
      if (!canModerate(await userRoleIn(deps.db, deps.stream, deps.moderatorId))) {
        throw new AppError("FORBIDDEN", "You no longer moderate this stream.");
      }
      checkedAt = Date.now();
    }
    yield event as ModerationEvent;
  }
}

/**
 * The seller's feed (orders.onEvents): the stream's sales so far, then every
 * order placed or changed. The subscriber's shop access was checked when it
 * started (streamShopSubscriptionProcedure). Few subscribers: it runs through
 * tRPC's own pipeline like the moderation feed.
 */
export async function* sellerFeed(
  deps: { db: DbOrTx; realtime: Realtime; stream: StreamRef },
  input: { signal: AbortSignal },
): AsyncGenerator<SellerEvent> {
  // Joined before the totals are read, so no order placed in between is missed (its event carries fresh totals).
  const live = await deps.realtime.hub.join(deps.stream.id, input.signal);
  yield { type: "orders.totals", streamId: deps.stream.id, totals: await shopTotals(deps.db, deps.stream.id) };
  for await (const event of live) {
    if (feedOf(event) === "seller") yield event as SellerEvent;
  }
}

/**
 * One user's notifications (notifications.onEvents): how many are unread,
 * then every notification and every "marked read" (from any of their devices)
 * as it happens. Events about a user travel on the bus topic userTopic(userId),
 * never on a stream's room, so the feed listens to the bus directly.
 */
export async function* notificationsFeed(
  deps: { db: DbOrTx; bus: EventBus },
  input: { userId: string; signal: AbortSignal },
): AsyncGenerator<NotificationEvent> {
  const topic = userTopic(input.userId);
  // Subscribed before the count is read, so nothing created in between is missed (each event carries a fresh count).
  const live = await deps.bus.subscribe(topic, input.signal);
  yield { type: "notifications.unread", streamId: topic, unread: await unreadCount(deps.db, input.userId) };
  for await (const event of live) {
    if (feedOf(event) === "user" && event.streamId === topic) yield event as NotificationEvent;
  }
}
