import type { ChatSettings } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import { refusalAfterRestriction, refusalAfterSend, refusalAfterSettings, waitingMs, type ShownRefusal } from "./send-wait";
import { DEFAULT_CHAT_SETTINGS as OPEN_CHAT } from "../../lib/chat-modes";

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const settings: ChatSettings = { ...OPEN_CHAT, profanityFilter: "OFF" };

describe("refusalAfterSend", () => {
  it("counts down a slow-mode, rate-limit or timeout refusal from its retryAfterMs", () => {
    for (const reason of ["SLOW_MODE", "RATE_LIMITED", "TIMED_OUT"]) {
      const refusal = refusalAfterSend({ message: "Wait.", reason, retryAfterMs: 7_000 }, now);
      expect(refusal.sendableAt).toBe(now + 7_000);
      expect(waitingMs(refusal, now + 2_000)).toBe(5_000);
      expect(waitingMs(refusal, now + 9_000)).toBe(0);
    }
  });

  it("does not count down a refusal that waiting does not fix", () => {
    expect(refusalAfterSend({ message: "Banned.", reason: "BANNED", retryAfterMs: null }, now).sendableAt).toBeNull();
    expect(refusalAfterSend({ message: "Off.", reason: "CHAT_DISABLED", retryAfterMs: 5_000 }, now).sendableAt).toBeNull();
    expect(refusalAfterSend({ message: "Network.", reason: null, retryAfterMs: null }, now).sendableAt).toBeNull();
  });
});

describe("refusalAfterRestriction", () => {
  it("shows a ban without a countdown and a timeout until it expires", () => {
    const ban = refusalAfterRestriction(null, { kind: "BAN", expiresAt: null }, now);
    expect(ban).toMatchObject({ reason: "BANNED", sendableAt: null, message: "A moderator banned you from this chat." });
    const timeout = refusalAfterRestriction(null, { kind: "TIMEOUT", expiresAt: new Date(now + 60_000) }, now);
    expect(timeout).toMatchObject({ reason: "TIMED_OUT", sendableAt: now + 60_000, retryAfterMs: 60_000 });
    expect(timeout!.message).toMatch(/^A moderator timed you out until /);
  });

  it("clears a timeout or ban when it is lifted, and keeps other refusals", () => {
    const banned: ShownRefusal = { message: "Banned.", reason: "BANNED", retryAfterMs: null, sendableAt: null };
    const slow: ShownRefusal = { message: "Slow.", reason: "SLOW_MODE", retryAfterMs: 3_000, sendableAt: now + 3_000 };
    expect(refusalAfterRestriction(banned, null, now)).toBeNull();
    expect(refusalAfterRestriction(slow, null, now)).toBe(slow);
    expect(refusalAfterRestriction(null, null, now)).toBeNull();
  });
});

describe("refusalAfterSettings", () => {
  const slow: ShownRefusal = { message: "Slow.", reason: "SLOW_MODE", retryAfterMs: 3_000, sendableAt: now + 3_000 };
  const off: ShownRefusal = { message: "Chat is off.", reason: "CHAT_DISABLED", retryAfterMs: null, sendableAt: null };

  it("lifts a slow-mode wait when slow mode is turned off", () => {
    expect(refusalAfterSettings(slow, settings)).toBeNull();
    expect(refusalAfterSettings(slow, { ...settings, slowModeSeconds: 30 })).toBe(slow);
  });

  it("lifts a chat-off refusal when chat is turned back on", () => {
    expect(refusalAfterSettings(off, settings)).toBeNull();
    expect(refusalAfterSettings(off, { ...settings, chatEnabled: false })).toBe(off);
  });
});
