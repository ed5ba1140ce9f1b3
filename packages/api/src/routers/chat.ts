import { tracked } from "@trpc/server";
import { chatHistory } from "../services/chat/history";
import { liveChatEvents } from "../services/chat/live-messages";
import { chatHistoryInput, chatSubscriptionInput, sendMessageInput } from "../services/chat/schemas";
import { sendChatMessage } from "../services/chat/send-message";
import { createTRPCRouter, protectedProcedure, publicProcedure, subscriptionProcedure, toTRPCError } from "../trpc";

export const chatRouter = createTRPCRouter({
  history: publicProcedure.input(chatHistoryInput).query(({ ctx, input }) => chatHistory(ctx.db, input)),

  send: protectedProcedure
    .input(sendMessageInput)
    .mutation(({ ctx, input }) => sendChatMessage({ db: ctx.db, bus: ctx.bus, actor: ctx.user }, input)),

  /**
   * The resumable chat feed: every event is tracked by the sequence number the
   * client has reached, so wsLink resumes exactly after it on reconnect.
   */
  onMessage: subscriptionProcedure.input(chatSubscriptionInput).subscription(async function* ({ ctx, input, signal }) {
    const abort = signal ?? new AbortController().signal;
    try {
      for await (const { seq, event } of liveChatEvents({ db: ctx.db, hub: ctx.realtime.hub }, { ...input, signal: abort })) {
        yield tracked(String(seq), event);
      }
    } catch (error) {
      throw toTRPCError(error);
    }
  }),
});
