import { z } from "zod";

export const MESSAGE_MAX_LENGTH = 500;
export const HISTORY_PAGE_MAX = 100;

const streamId = z.string().min(1, "streamId is required").max(64);

export const sendMessageInput = z.object({
  streamId,
  body: z
    .string()
    .trim()
    .min(1, "Message cannot be empty.")
    .max(MESSAGE_MAX_LENGTH, `Message is longer than ${MESSAGE_MAX_LENGTH} characters.`),
  replyToId: z.string().min(1).max(64).optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageInput>;

export const chatHistoryInput = z.object({
  streamId,
  /** Sequence number to page backwards from (exclusive); omit for the newest page. */
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).default(50),
});
export type ChatHistoryInput = z.infer<typeof chatHistoryInput>;

export const chatSubscriptionInput = z.object({
  streamId,
  /** The last sequence number the client has; it receives everything after it. */
  lastEventId: z
    .string()
    .regex(/^\d{1,10}$/, "lastEventId must be a message sequence number.")
    .nullish(),
});
export type ChatSubscriptionInput = z.infer<typeof chatSubscriptionInput>;

export const myHeldInput = z.object({ streamId });
