import type { ChatSettings } from "@onair/api/events";
import { CHAT_SETTING_KEYS } from "@onair/api/schemas";

/** A stream's chat as the database creates it: open, with the profanity filter masking. */
export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  chatEnabled: true,
  slowModeSeconds: 0,
  emoteOnly: false,
  uniqueChat: false,
  followersOnlyMinutes: null,
  registeredOnlyMinutes: null,
  profanityFilter: "MASK",
  shieldMode: false,
};

/** Every chat setting of a stream, declared once by the API. */
export { CHAT_SETTING_KEYS };

/** Picks the chat settings out of a larger object (a stream, a snapshot's state, an update's changes). */
export function pickChatSettings<T extends Partial<ChatSettings>>(source: T): Partial<ChatSettings> {
  const settings: Partial<ChatSettings> = {};
  for (const key of CHAT_SETTING_KEYS) {
    if (key in source && source[key] !== undefined) Object.assign(settings, { [key]: source[key] });
  }
  return settings;
}

/** "10 min", "24 hours", "7 days": the units people use for these thresholds. */
export function formatMinutes(minutes: number): string {
  const plural = (value: number, unit: string) => `${value} ${unit}${value === 1 ? "" : "s"}`;
  if (minutes < 60) return `${minutes} min`;
  if (minutes % (24 * 60) === 0 && minutes >= 48 * 60) return plural(minutes / (24 * 60), "day");
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return `${minutes} min`;
}

export interface ChatModeLabel {
  /** Stable key for React and tests. */
  key: string;
  label: string;
  /** What the mode means for the viewer, shown as a tooltip. */
  explanation: string;
}

/** The chat modes a viewer should know about, in the order Twitch lists them; empty when chat is unrestricted. */
export function activeChatModes(settings: ChatSettings): ChatModeLabel[] {
  if (!settings.chatEnabled) {
    return [{ key: "off", label: "Chat is off", explanation: "The moderators have turned chat off for now." }];
  }
  const modes: ChatModeLabel[] = [];
  if (settings.shieldMode) {
    modes.push({
      key: "shield",
      label: "Shield mode on",
      explanation: "Stricter rules are on while the moderators deal with a raid or spam.",
    });
  }
  if (settings.slowModeSeconds > 0) {
    modes.push({
      key: "slow",
      label: `Slow mode · ${settings.slowModeSeconds} s`,
      explanation: `You can send one message every ${settings.slowModeSeconds} seconds.`,
    });
  }
  if (settings.followersOnlyMinutes !== null) {
    const minutes = settings.followersOnlyMinutes;
    modes.push({
      key: "followers",
      label: minutes === 0 ? "Followers only" : `Followers only (${formatMinutes(minutes)})`,
      explanation:
        minutes === 0
          ? "Only people who follow this channel can chat."
          : `Only people who have followed this channel for ${formatMinutes(minutes)} can chat.`,
    });
  }
  if (settings.registeredOnlyMinutes !== null && settings.registeredOnlyMinutes > 0) {
    const age = formatMinutes(settings.registeredOnlyMinutes);
    modes.push({
      key: "registered",
      label: `Accounts older than ${age}`,
      explanation: `Only accounts created at least ${age} ago can chat.`,
    });
  }
  if (settings.emoteOnly) modes.push({ key: "emote", label: "Emote only", explanation: "Messages may contain only emoji." });
  if (settings.uniqueChat)
    modes.push({ key: "unique", label: "Unique chat", explanation: "A message that was just sent cannot be sent again." });
  return modes;
}

/** Just the chat settings of a stream (so a client component gets only what it needs). */
export function chatSettingsOf(stream: ChatSettings): ChatSettings {
  return pickChatSettings(stream) as ChatSettings;
}
