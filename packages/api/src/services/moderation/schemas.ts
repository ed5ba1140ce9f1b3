import { z } from "zod";
import { TERM_PATTERN } from "../chat/content-filter";
import { idSchema as id, messageIdSchema, streamIdSchema as streamId, userIdSchema } from "../shared/ids";
import { FILTER_MODES, MODERATION_ACTIONS, ROLES, TERM_ACTIONS } from "../shared/lists";
import { cursorPageShape } from "../shared/pages";
const reason = z.string().trim().max(500, "Reason is longer than 500 characters.").optional();

/** Timeouts: 1 second to 14 days (Twitch's range). */
export const TIMEOUT_MAX_SECONDS = 14 * 24 * 60 * 60;
/** Followers-only and registered-only thresholds: up to 90 days. */
const MODE_MINUTES_MAX = 90 * 24 * 60;

export const messageActionInput = z.object({ streamId, messageId: messageIdSchema, reason });
export type MessageActionInput = z.infer<typeof messageActionInput>;

export const userTargetInput = z.object({ streamId, userId: userIdSchema });
export type UserTargetInput = z.infer<typeof userTargetInput>;

export const timeoutInput = z.object({
  streamId,
  userId: userIdSchema,
  durationSeconds: z
    .number("durationSeconds must be a number of seconds.")
    .int("durationSeconds must be a whole number of seconds.")
    .min(1, "A timeout lasts at least 1 second.")
    .max(TIMEOUT_MAX_SECONDS, "A timeout lasts at most 14 days; ban the user instead."),
  reason,
});
export type TimeoutInput = z.infer<typeof timeoutInput>;

export const banInput = z.object({ streamId, userId: userIdSchema, reason });
export type BanInput = z.infer<typeof banInput>;

export const purgeInput = z.object({
  streamId,
  userId: userIdSchema,
  /** Delete the user's messages of the last this many minutes (default 60, up to 7 days). */
  windowMinutes: z
    .number()
    .int()
    .min(1, "windowMinutes is at least 1.")
    .max(7 * 24 * 60, "windowMinutes is at most 7 days.")
    .default(60),
  reason,
});
export type PurgeInput = z.infer<typeof purgeInput>;

const modeMinutes = z
  .number()
  .int()
  .min(0, "Use null to turn the mode off; minutes cannot be negative.")
  .max(MODE_MINUTES_MAX, "At most 90 days.")
  .nullable();

export const chatSettingsShape = {
  chatEnabled: z.boolean().optional(),
  slowModeSeconds: z
    .number()
    .int()
    .refine((value) => value === 0 || (value >= 1 && value <= 120), "Slow mode is 0 (off) or 1–120 seconds.")
    .optional(),
  emoteOnly: z.boolean().optional(),
  uniqueChat: z.boolean().optional(),
  followersOnlyMinutes: modeMinutes.optional(),
  registeredOnlyMinutes: modeMinutes.optional(),
  profanityFilter: z.enum(FILTER_MODES).optional(),
};

export const updateChatSettingsInput = z
  .object({ streamId, ...chatSettingsShape })
  .refine((input) => Object.keys(input).some((key) => key !== "streamId"), "Nothing to change: give at least one setting.");
export type UpdateChatSettingsInput = z.infer<typeof updateChatSettingsInput>;

export const shieldInput = z.object({ streamId, enabled: z.boolean() });

export const termInput = z.object({
  streamId,
  term: z
    .string()
    .trim()
    .toLowerCase()
    // An empty term fails here alone, not also the `*` rule below.
    .min(1, { message: "Term cannot be empty.", abort: true })
    .max(100, "Term is longer than 100 characters.")
    .regex(TERM_PATTERN, "Use `*` only at the start or end of a term."),
  action: z.enum(TERM_ACTIONS),
});
export type TermInput = z.infer<typeof termInput>;

export const termIdInput = z.object({ streamId, termId: id("termId") });

export const moderatorInput = z.object({
  streamId,
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^@?[a-z0-9_]{3,24}$/, "Give a username (3–24 letters, digits or underscores).")
    .transform((name) => name.replace(/^@/, "")),
});

export const moderatorRemoveInput = z.object({ userId: userIdSchema });

export const logFilterShape = {
  actions: z.array(z.enum(MODERATION_ACTIONS)).max(MODERATION_ACTIONS.length).optional(),
  actorId: id("actorId").optional(),
  targetUserId: id("targetUserId").optional(),
  automatic: z.boolean().optional(),
  from: z.date().optional(),
  to: z.date().optional(),
};

export const moderationLogInput = z.object({
  streamId,
  ...logFilterShape,
  ...cursorPageShape({ max: 100, default: 50 }),
});
export type ModerationLogInput = z.infer<typeof moderationLogInput>;

export const globalLogInput = z.object({
  streamId: streamId.optional(),
  ...logFilterShape,
  ...cursorPageShape({ max: 100, default: 50 }),
});
export type GlobalLogInput = z.infer<typeof globalLogInput>;

export const globalBanInput = z.object({ userId: userIdSchema, reason });
export const globalUnbanInput = z.object({ userId: userIdSchema });

export const setRoleInput = z.object({ userId: userIdSchema, role: z.enum(ROLES) });
export const listUsersInput = z.object({
  query: z.string().trim().max(60).optional(),
  role: z.enum(ROLES).optional(),
  ...cursorPageShape({ max: 100, default: 50 }),
});
