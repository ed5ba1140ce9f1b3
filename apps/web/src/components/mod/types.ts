import type { RouterOutputs } from "@onair/api";
import type { ChatSettings } from "@onair/api/events";
import { MODERATION_ACTIONS } from "@onair/api/schemas";

export type ModeratedStream = RouterOutputs["moderation"]["myStreams"][number];
export type StreamRole = RouterOutputs["moderation"]["access"]["role"];
export type UserCardData = RouterOutputs["moderation"]["userCard"];
export type BlockedTerm = RouterOutputs["moderation"]["terms"][number];
export type StreamModerator = RouterOutputs["moderation"]["moderators"][number];
export type LogPage = RouterOutputs["moderation"]["log"];
export type AdminUser = RouterOutputs["admin"]["users"]["users"][number];

/** The chat settings a moderator edits in the form (shield mode has its own button). */
export type EditableChatSettings = Omit<ChatSettings, "shieldMode">;

/** The audit log's actions, declared once by the API. */
export { MODERATION_ACTIONS };
export type ModerationActionName = (typeof MODERATION_ACTIONS)[number];
