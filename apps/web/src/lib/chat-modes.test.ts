import type { ChatSettings } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import { activeChatModes, chatSettingsOf, DEFAULT_CHAT_SETTINGS as OPEN_CHAT, formatMinutes, pickChatSettings } from "./chat-modes";

const open: ChatSettings = OPEN_CHAT;

describe("activeChatModes", () => {
  it("is empty when chat is unrestricted", () => {
    expect(activeChatModes(open)).toEqual([]);
  });

  it("says only that chat is off when it is off, whatever else is set", () => {
    expect(activeChatModes({ ...open, chatEnabled: false, slowModeSeconds: 30 }).map((mode) => mode.label)).toEqual(["Chat is off"]);
  });

  it("lists every mode in order with its threshold", () => {
    const modes = activeChatModes({
      ...open,
      shieldMode: true,
      slowModeSeconds: 30,
      followersOnlyMinutes: 10,
      registeredOnlyMinutes: 24 * 60,
      emoteOnly: true,
      uniqueChat: true,
    });
    expect(modes.map((mode) => mode.label)).toEqual([
      "Shield mode on",
      "Slow mode · 30 s",
      "Followers only (10 min)",
      "Accounts older than 24 hours",
      "Emote only",
      "Unique chat",
    ]);
  });

  it("shows followers-only without a threshold at 0 minutes and no account-age rule at 0", () => {
    const modes = activeChatModes({ ...open, followersOnlyMinutes: 0, registeredOnlyMinutes: 0 });
    expect(modes.map((mode) => [mode.key, mode.label])).toEqual([["followers", "Followers only"]]);
  });
});

describe("formatMinutes", () => {
  it("uses the unit people use", () => {
    expect(formatMinutes(10)).toBe("10 min");
    expect(formatMinutes(60)).toBe("1 hour");
    expect(formatMinutes(90)).toBe("90 min");
    expect(formatMinutes(24 * 60)).toBe("24 hours");
    expect(formatMinutes(7 * 24 * 60)).toBe("7 days");
  });
});

describe("pickChatSettings", () => {
  it("keeps only chat settings that are present", () => {
    expect(pickChatSettings({ title: "x", slowModeSeconds: 5, emoteOnly: undefined } as Partial<ChatSettings>)).toEqual({
      slowModeSeconds: 5,
    });
    expect(chatSettingsOf({ ...open, title: "Stream" } as ChatSettings)).toEqual(open);
  });
});
