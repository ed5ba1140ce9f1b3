import { chatFeed } from "../realtime/feeds";
import { chatHistory } from "../services/chat/history";
import { mentionCandidates } from "../services/chat/mention-candidates";
import { myHeldMessages } from "../services/chat/my-held";
import { chatReplay, chatReplayInput } from "../services/chat/replay";
import { chatHistoryInput, chatSubscriptionInput, mentionCandidatesInput, myHeldInput, sendMessageInput } from "../services/chat/schemas";
import { sendChatMessage } from "../services/chat/send-message";
import { createTRPCRouter, protectedProcedure, publicProcedure, subscriptionProcedure } from "../trpc";

export const chatRouter = createTRPCRouter({
  history: publicProcedure.input(chatHistoryInput).query(({ ctx, input }) => chatHistory(ctx.deps, input)),

  /** An ended stream's chat from a moment on, for replaying it in step with the video. */
  replay: publicProcedure.input(chatReplayInput).query(({ ctx, input }) => chatReplay(ctx.deps, input)),

  /** The message pipeline: bans, chat modes, rate limits and the filter decide; the result says whether it is live or held. */
  send: protectedProcedure.input(sendMessageInput).mutation(({ ctx, input }) => sendChatMessage(ctx.deps, input)),

  /** Your own messages in this stream that wait for a moderator (shown to you as pending). */
  myHeld: protectedProcedure.input(myHeldInput).query(({ ctx, input }) => myHeldMessages(ctx.deps, input)),

  /** Who `@prefix` may mean in this chat (recent chatters, signed-in viewers here now), for autocomplete; at most 8, rate-limited. */
  mentionCandidates: publicProcedure.input(mentionCandidatesInput).query(({ ctx, input }) => mentionCandidates(ctx.deps, input)),

  /**
   * The resumable chat feed: every event is tracked by the sequence number the
   * client has reached, so wsLink resumes exactly after it on reconnect.
   */
  onMessage: subscriptionProcedure
    .input(chatSubscriptionInput)
    .subscription(({ ctx, input, signal }) =>
      chatFeed(
        { db: ctx.db, realtime: ctx.realtime, connection: ctx.connection ?? null },
        { ...input, viewerId: ctx.user?.id ?? null, signal: signal ?? new AbortController().signal },
      ),
    ),
});
