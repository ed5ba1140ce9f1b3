import { tracked } from "@trpc/server";
import type { ChatEvent } from "../events/types";
import { DirectChannel } from "../realtime/direct-delivery";
import { chatHistory } from "../services/chat/history";
import { liveChatEvents } from "../services/chat/live-messages";
import { myHeldMessages } from "../services/chat/my-held";
import { chatHistoryInput, chatSubscriptionInput, myHeldInput, sendMessageInput } from "../services/chat/schemas";
import { sendChatMessage } from "../services/chat/send-message";
import { createTRPCRouter, protectedProcedure, publicProcedure, subscriptionProcedure, toTRPCError } from "../trpc";

export const chatRouter = createTRPCRouter({
  history: publicProcedure.input(chatHistoryInput).query(({ ctx, input }) => chatHistory(ctx.deps, input)),

  /** The message pipeline: bans, chat modes, rate limits and the filter decide; the result says whether it is live or held. */
  send: protectedProcedure.input(sendMessageInput).mutation(({ ctx, input }) => sendChatMessage(ctx.deps, input)),

  /** Your own messages in this stream that wait for a moderator (shown to you as pending). */
  myHeld: protectedProcedure.input(myHeldInput).query(({ ctx, input }) => myHeldMessages(ctx.deps, input)),

  /**
   * The resumable chat feed: every event is tracked by the sequence number the
   * client has reached, so wsLink resumes exactly after it on reconnect.
   */
  onMessage: subscriptionProcedure.input(chatSubscriptionInput).subscription(async function* ({ ctx, input, signal }) {
    const abort = signal ?? new AbortController().signal;
    try {
      const feed = liveChatEvents(
        { db: ctx.db, hub: ctx.realtime.hub, socket: ctx.socket, viewerId: ctx.user?.id ?? null },
        { ...input, signal: abort },
      );
      for await (const item of feed) {
        // The direct-delivery handshake is never sent to the client (see direct-delivery.ts),
        // so the subscription's type stays that of its tracked chat events.
        yield item instanceof DirectChannel
          ? (item as unknown as ReturnType<typeof tracked<ChatEvent>>)
          : tracked(String(item.seq), item.event);
      }
    } catch (error) {
      throw toTRPCError(error);
    }
  }),
});
