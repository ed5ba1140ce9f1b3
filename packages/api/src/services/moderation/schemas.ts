import { z } from "zod";
import { TERM_PATTERN } from "../chat/content-filter";

const streamId = z.string().min(1, "streamId is required").max(64);
const id = (what: string) => z.string().min(1, `${what} is required`).max(64);
const reason = z.string().trim().max(500, "Reason is longer than 500 characters.").optional();

/** Timeouts: 1 second to 14 days (Twitch's range). */
export const TIMEOUT_MAX_SECONDS = 14 * 24 * 60 * 60;
/** Followers-only and registered-only thresholds: up to 90 days. */
const MODE_MINUTES_MAX = 90 * 24 * 60;

export const messageActionInput = z.object({ streamId, messageId: id("messageId"), reason });
export type MessageActionInput = z.infer<typeof messageActionInput>;

export const userTargetInput = z.object({ streamId, userId: id("userId") });
export type UserTargetInput = z.infer<typeof userTargetInput>;

export const timeoutInput = z.object({
  streamId,
  userId: id("userId"),
  durationSeconds: z
    .number("durationSeconds must be a number of seconds.")
    .int("durationSeconds must be a whole number of seconds.")
    .min(1, "A timeout lasts at least 1 second.")
    .max(TIMEOUT_MAX_SECONDS, "A timeout lasts at most 14 days; ban the user instead."),
  reason,
});
export type TimeoutInput = z.infer<typeof timeoutInput>;

export const banInput = z.object({ streamId, userId: id("userId"), reason });
export type BanInput = z.infer<typeof banInput>;

export const purgeInput = z.object({
  streamId,
  userId: id("userId"),
  /** Delete the user's messages of the last this many minutes (default 60, up to 7 days). */
  windowMinutes: z.number().int().min(1, "windowMinutes is at least 1.").max(7 * 24 * 60, "windowMinutes is at most 7 days.").default(60),
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
  profanityFilter: z.enum(["OFF", "MASK", "HOLD", "BLOCK"]).optional(),
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
  action: z.enum(["ALLOW", "MASK", "HOLD", "BLOCK", "ESCALATE"]),
});
export type TermInput = z.infer<typeof termInput>;

export const termIdInput = z.object({ streamId, termId: id("termId") });

export const moderatorInput = z.object({
  streamId,
  username: z.string().trim().toLowerCase().regex(/^@?[a-z0-9_]{3,24}$/, "Give a username (3–24 letters, digits or underscores).").transform((name) => name.replace(/^@/, "")),
});

export const moderationActions = [
  "MESSAGE_DELETE", "MESSAGE_HOLD", "MESSAGE_APPROVE", "MESSAGE_DENY", "MESSAGE_MASK", "MESSAGE_BLOCK",
  "USER_TIMEOUT", "USER_BAN", "USER_UNBAN", "USER_PURGE", "SETTINGS_UPDATE", "SHIELD_ON", "SHIELD_OFF",
  "TERM_ADD", "TERM_REMOVE", "MODERATOR_ADD", "MODERATOR_REMOVE", "ROLE_CHANGE",
] as const;

export const logFilterShape = {
  actions: z.array(z.enum(moderationActions)).max(moderationActions.length).optional(),
  actorId: id("actorId").optional(),
  targetUserId: id("targetUserId").optional(),
  automatic: z.boolean().optional(),
  from: z.date().optional(),
  to: z.date().optional(),
};

export const moderationLogInput = z.object({
  streamId,
  ...logFilterShape,
  cursor: z.string().min(1).max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const globalLogInput = z.object({
  streamId: streamId.optional(),
  ...logFilterShape,
  cursor: z.string().min(1).max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const globalBanInput = z.object({ userId: id("userId"), reason });
export const globalUnbanInput = z.object({ userId: id("userId") });

export const setRoleInput = z.object({ userId: id("userId"), role: z.enum(["VIEWER", "MODERATOR", "ADMIN"]) });
export const listUsersInput = z.object({
  query: z.string().trim().max(60).optional(),
  role: z.enum(["VIEWER", "MODERATOR", "ADMIN"]).optional(),
  cursor: z.string().min(1).max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});
