// Lists of values declared once, for the API's input schemas and the web's forms and filters.
// Plain constants (type-only imports), so the browser bundle can import them (via @onair/api/schemas).
import type { FilterMode, ModerationAction, Role, TermAction } from "@onair/db";
import type { ChatSettings } from "../../events/types";

/** Global roles (the Role enum of @onair/db). */
export const ROLES = ["VIEWER", "MODERATOR", "ADMIN"] as const satisfies readonly Role[];

/** What the audit log records (the ModerationAction enum of @onair/db). */
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
  "CREATOR_GRANT",
  "CREATOR_REVOKE",
  "SITE_SETTINGS_UPDATE",
  "INGEST_KEY_ROTATE",
  "STREAM_AUTO_END",
  "STREAM_MISSED",
] as const satisfies readonly ModerationAction[];

/** What a stream's term list does with a match (the TermAction enum of @onair/db). */
export const TERM_ACTIONS = ["ALLOW", "MASK", "HOLD", "BLOCK", "ESCALATE"] as const satisfies readonly TermAction[];

/** What the built-in profanity filter does with a match (the FilterMode enum of @onair/db). */
export const FILTER_MODES = ["OFF", "MASK", "HOLD", "BLOCK"] as const satisfies readonly FilterMode[];

/** The chat settings a moderator edits one by one (shield mode has its own switch). */
export const EDITABLE_CHAT_SETTING_KEYS = [
  "chatEnabled",
  "slowModeSeconds",
  "emoteOnly",
  "uniqueChat",
  "followersOnlyMinutes",
  "registeredOnlyMinutes",
  "profanityFilter",
] as const satisfies ReadonlyArray<keyof ChatSettings>;

/** Every chat setting of a stream (ChatSettings' keys). */
export const CHAT_SETTING_KEYS = [...EDITABLE_CHAT_SETTING_KEYS, "shieldMode"] as const satisfies ReadonlyArray<keyof ChatSettings>;
