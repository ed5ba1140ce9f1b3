import { tracked } from "@trpc/server";
import { chatHistory } from "../services/chat/history";
import { liveChatMessages } from "../services/chat/live-messages";
import { chatHistoryInput, chatSubscriptionInput, sendMessageInput } from "../services/chat/schemas";
import { sendChatMessage } from "../services/chat/send-message";
import { createTRPCRouter, protectedProcedure, publicProcedure, toTRPCError } from "../trpc";

export const chatRouter = createTRPCRouter({
  history: publicProcedure.input(chatHistoryInput).query(({ ctx, input }) => chatHistory(ctx.db, input)),

  send: protectedProcedure
    .input(sendMessageInput)
    .mutation(({ ctx, input }) => sendChatMessage({ db: ctx.db, bus: ctx.bus, actor: ctx.user }, input)),

  /** Chat messages after `lastEventId` (replayed from PostgreSQL), then live; each tracked by its sequence number. */
  onMessage: publicProcedure.input(chatSubscriptionInput).subscription(async function* ({ ctx, input, signal }) {
    const abort = signal ?? new AbortController().signal;
    try {
      for await (const message of liveChatMessages(ctx, { ...input, signal: abort })) {
        yield tracked(String(message.seq), message);
      }
    } catch (error) {
      throw toTRPCError(error);
    }
  }),
});
