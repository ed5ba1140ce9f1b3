import { streamStateFeed } from "../realtime/feeds";
import { viewerOf } from "../realtime/presence";
import { followStatus, setFollow } from "../services/stream/follows";
import { endStream, startStream } from "../services/stream/lifecycle";
import { likeStatus, setLike } from "../services/stream/likes";
import { listStreams } from "../services/stream/list-streams";
import {
  listStreamsInput,
  setFollowInput,
  setLikeInput,
  streamBySlugInput,
  streamEventsInput,
  streamIdInput,
  updateStreamInput,
} from "../services/stream/schemas";
import { streamBySlug } from "../services/stream/stream-by-slug";
import { updateStream } from "../services/stream/update-stream";
import { createTRPCRouter, protectedProcedure, publicProcedure, streamOwnerProcedure, subscriptionProcedure } from "../trpc";

export const streamRouter = createTRPCRouter({
  list: publicProcedure.input(listStreamsInput).query(({ ctx, input }) => listStreams(ctx.db, input)),
  bySlug: publicProcedure.input(streamBySlugInput).query(({ ctx, input }) => streamBySlug(ctx.db, input.slug)),

  start: streamOwnerProcedure.mutation(({ ctx }) => startStream({ db: ctx.db, bus: ctx.bus }, ctx.stream)),
  end: streamOwnerProcedure.mutation(({ ctx }) => endStream({ db: ctx.db, bus: ctx.bus }, ctx.stream)),
  update: streamOwnerProcedure
    .input(updateStreamInput)
    .mutation(({ ctx, input }) => updateStream({ db: ctx.db, bus: ctx.bus }, ctx.stream.id, input)),

  /** Idempotent: liking twice is one like. */
  setLike: protectedProcedure
    .input(setLikeInput)
    .mutation(({ ctx, input }) => setLike({ db: ctx.db, bus: ctx.bus, actor: ctx.user }, input)),
  likeStatus: protectedProcedure.input(streamIdInput).query(({ ctx, input }) => likeStatus(ctx.db, ctx.user.id, input.streamId)),

  /** Follows the stream's channel (its owner); idempotent. Followers-only chat counts from the first follow. */
  setFollow: protectedProcedure.input(setFollowInput).mutation(({ ctx, input }) => setFollow(ctx.db, ctx.user, input)),
  followStatus: protectedProcedure.input(streamIdInput).query(({ ctx, input }) => followStatus(ctx.db, ctx.user, input.streamId)),

  /**
   * Ephemeral stream events (snapshot first, then viewers, likes, status, chat
   * settings, pinned products). Not tracked: a reconnect gets a fresh snapshot instead of a replay.
   */
  onEvents: subscriptionProcedure.input(streamEventsInput).subscription(({ ctx, input, signal }) =>
    streamStateFeed(
      { db: ctx.db, realtime: ctx.realtime, connection: ctx.connection ?? null },
      // Only a viewer's watching subscription counts them as present (a moderator's dashboard does not).
      { streamId: input.streamId, viewer: input.watching ? viewerOf(ctx) : null, signal: signal ?? new AbortController().signal },
    ),
  ),
});
