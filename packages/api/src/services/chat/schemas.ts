import { z } from "zod";
import { requestIdSchema } from "../../input-limits";
import { idSchema, streamIdSchema as streamId } from "../shared/ids";
import { capCombiningMarks, hasVisibleText } from "./visible-text";

export const MESSAGE_MAX_LENGTH = 500;
export const HISTORY_PAGE_MAX = 100;
/** Largest PostgreSQL int4 (message sequence numbers are int4). */
const SEQ_MAX = 2 ** 31 - 1;

export const sendMessageInput = z.object({
  streamId,
  body: z
    .string()
    .trim()
    .min(1, "Message cannot be empty.")
    .max(MESSAGE_MAX_LENGTH, `Message is longer than ${MESSAGE_MAX_LENGTH} characters.`)
    .transform(capCombiningMarks)
    .refine(hasVisibleText, "Message has no visible text."),
  replyToId: idSchema("replyToId").optional(),
  /** Client-generated id: a retry with the same id returns the original result and posts nothing new. */
  requestId: requestIdSchema.optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageInput>;

export const chatHistoryInput = z.object({
  streamId,
  /** Sequence number to page backwards from (exclusive); omit for the newest page. */
  cursor: z.int32("cursor must be a message sequence number.").positive().nullish(),
  limit: z.int32().min(1).max(HISTORY_PAGE_MAX).default(50),
});
export type ChatHistoryInput = z.infer<typeof chatHistoryInput>;

export const chatSubscriptionInput = z.object({
  streamId,
  /** The last sequence number the client has; it receives everything after it. */
  lastEventId: z
    .string()
    .regex(/^\d{1,10}$/, "lastEventId must be a message sequence number.")
    .refine((id) => Number(id) <= SEQ_MAX, "lastEventId must be a message sequence number.")
    .nullish(),
});
export type ChatSubscriptionInput = z.infer<typeof chatSubscriptionInput>;

export const myHeldInput = z.object({ streamId });

export const MENTION_PREFIX_MAX = 30;
export const MENTION_CANDIDATES_MAX = 8;

export const mentionCandidatesInput = z.object({
  streamId,
  /** What follows the `@` typed so far ("" lists the most recent chatters); matched against usernames and names. */
  prefix: z
    .string()
    .max(MENTION_PREFIX_MAX, `Prefix is longer than ${MENTION_PREFIX_MAX} characters.`)
    .transform((prefix) => prefix.trim().replace(/^@/, "").toLowerCase()),
});
export type MentionCandidatesInput = z.infer<typeof mentionCandidatesInput>;
