import { streamStateFeed } from "../realtime/feeds";
import { viewerOf } from "../realtime/presence";
import { audienceToken } from "../services/agora/tokens";
import { setAnalyticsModeratorsAllowed } from "../services/analytics/access";
import { setAnalyticsModeratorsInput, streamAnalyticsInput } from "../services/analytics/schemas";
import { streamAnalytics } from "../services/analytics/stream-analytics";
import { channel, channelInput } from "../services/stream/channel";
import { createStream } from "../services/stream/create-stream";
import { deleteStream } from "../services/stream/delete-stream";
import { followStatus, followTargetInput, setFollow, setFollowInput } from "../services/stream/follows";
import { endStream, startStream } from "../services/stream/lifecycle";
import { likeStatus, setLike } from "../services/stream/likes";
import { listStreams, listStreamsInput } from "../services/stream/list-streams";
import {
  createStreamInput,
  setLikeInput,
  streamBySlugInput,
  streamEventsInput,
  streamIdInput,
  updateStreamInput,
} from "../services/stream/schemas";
import { streamBySlug } from "../services/stream/stream-by-slug";
import { updateStream } from "../services/stream/update-stream";
import {
  createTRPCRouter,
  creatorProcedure,
  protectedProcedure,
  publicProcedure,
  streamAnalyticsProcedure,
  streamOwnerProcedure,
  subscriptionProcedure,
} from "../trpc";

export const streamRouter = createTRPCRouter({
  list: publicProcedure.input(listStreamsInput).query(({ ctx, input }) => listStreams(ctx.deps, input)),
  bySlug: publicProcedure.input(streamBySlugInput).query(({ ctx, input }) => streamBySlug(ctx.deps, input)),
  /** A creator's channel: profile, follower count, whether they are live (their streams: `list` with `channel`). */
  channel: publicProcedure.input(channelInput).query(({ ctx, input }) => channel(ctx.deps, input)),

  /** Idempotent with a requestId (the SDK adds one): a retry returns the same stream. */
  create: creatorProcedure.input(createStreamInput).mutation(({ ctx, input }) => createStream(ctx.deps, input)),
  start: streamOwnerProcedure.mutation(({ ctx }) => startStream(ctx.deps)),
  end: streamOwnerProcedure.mutation(({ ctx }) => endStream(ctx.deps)),
  update: streamOwnerProcedure.input(updateStreamInput).mutation(({ ctx, input }) => updateStream(ctx.deps, input)),
  /** Only a stream that never went live (scheduled or missed). */
  delete: streamOwnerProcedure.mutation(({ ctx }) => deleteStream(ctx.deps)),
  /** A viewer's token for a live Agora stream. */
  agoraToken: publicProcedure.input(streamIdInput).query(({ ctx, input }) => audienceToken(ctx.deps, input)),

  /** Idempotent: liking twice is one like. */
  setLike: protectedProcedure.input(setLikeInput).mutation(({ ctx, input }) => setLike(ctx.deps, input)),
  likeStatus: protectedProcedure.input(streamIdInput).query(({ ctx, input }) => likeStatus(ctx.deps, input)),

  /** Follows a channel (`channelId`, or the owner of `streamId`); idempotent. Followers-only chat counts from the first follow. */
  setFollow: protectedProcedure.input(setFollowInput).mutation(({ ctx, input }) => setFollow(ctx.deps, input)),
  followStatus: protectedProcedure.input(followTargetInput).query(({ ctx, input }) => followStatus(ctx.deps, input)),

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

  /** The stream's analytics: exact summary, per-minute series, moments, previous streams (docs/analytics.md; rate-limited). */
  analytics: streamAnalyticsProcedure.input(streamAnalyticsInput).query(({ ctx, input }) => streamAnalytics(ctx.deps, input)),
  /** The owner lets the stream's moderators read its analytics (or stops letting them). */
  setAnalyticsModeratorsAllowed: streamOwnerProcedure
    .input(setAnalyticsModeratorsInput)
    .mutation(({ ctx, input }) => setAnalyticsModeratorsAllowed(ctx.deps, input)),
});
