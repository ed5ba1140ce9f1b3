import type { ChatSettings } from "@onair/api/events";

/** Chat with no mode on and the default profanity filter: tests spread it and change what they test. */
export const OPEN_CHAT: ChatSettings = {
  chatEnabled: true,
  slowModeSeconds: 0,
  emoteOnly: false,
  uniqueChat: false,
  followersOnlyMinutes: null,
  registeredOnlyMinutes: null,
  profanityFilter: "MASK",
  shieldMode: false,
};
