import type { RouterOutputs } from "@onair/api";
import type { ChatSettings } from "@onair/api/events";

export type ModeratedStream = RouterOutputs["moderation"]["myStreams"][number];
export type StreamRole = RouterOutputs["moderation"]["access"]["role"];
export type UserCardData = RouterOutputs["moderation"]["userCard"];
export type BlockedTerm = RouterOutputs["moderation"]["terms"][number];
export type StreamModerator = RouterOutputs["moderation"]["moderators"][number];
export type LogPage = RouterOutputs["moderation"]["log"];
export type AdminUser = RouterOutputs["admin"]["users"]["users"][number];

/** The chat settings a moderator edits in the form (shield mode has its own button). */
export type EditableChatSettings = Omit<ChatSettings, "shieldMode">;

export const MODERATION_ACTIONS = [
  "MESSAGE_DELETE",
  "MESSAGE_HOLD",
  "MESSAGE_APPROVE",
  "MESSAGE_DENY",
  "MESSAGE_MASK",
  "MESSAGE_BLOCK",
  "USER_TIMEOUT",
  "USER_BAN",
  "USER_UNBAN",
  "USER_PURGE",
  "SETTINGS_UPDATE",
  "SHIELD_ON",
  "SHIELD_OFF",
  "TERM_ADD",
  "TERM_REMOVE",
  "MODERATOR_ADD",
  "MODERATOR_REMOVE",
  "ROLE_CHANGE",
] as const;
export type ModerationActionName = (typeof MODERATION_ACTIONS)[number];
