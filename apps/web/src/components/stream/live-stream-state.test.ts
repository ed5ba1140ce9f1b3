import type { ChatSettings, StreamState } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import { applyStreamEvent, type LiveStreamState } from "./live-stream-state";
import { DEFAULT_CHAT_SETTINGS as OPEN_CHAT } from "../../lib/chat-modes";

const streamId = "stream-1";
const chatSettings: ChatSettings = OPEN_CHAT;
const initial: LiveStreamState = { status: "SCHEDULED", title: "Soon", viewerCount: 0, likeCount: 3, chatSettings, sourceConnected: null };

describe("applyStreamEvent", () => {
  it("takes everything from a snapshot (the first event of every connection)", () => {
    const state: StreamState = {
      ...chatSettings,
      slowModeSeconds: 10,
      status: "LIVE",
      title: "Now live",
      viewerCount: 12,
      peakViewers: 20,
      likeCount: 7,
      startedAt: new Date(),
      endedAt: null,
      sourceConnected: true,
    };
    expect(applyStreamEvent(initial, { type: "stream.snapshot", streamId, state, shelf: [], serverTime: new Date() })).toEqual({
      status: "LIVE",
      title: "Now live",
      viewerCount: 12,
      likeCount: 7,
      chatSettings: { ...chatSettings, slowModeSeconds: 10 },
      sourceConnected: true,
    });
  });

  it("changes only the settings and title an update carries", () => {
    const next = applyStreamEvent(initial, { type: "stream.updated", streamId, changes: { emoteOnly: true } });
    expect(next).toEqual({ ...initial, chatSettings: { ...chatSettings, emoteOnly: true } });
    expect(applyStreamEvent(next, { type: "stream.updated", streamId, changes: { title: "Renamed" } }).title).toBe("Renamed");
  });

  it("follows status, stats and likes", () => {
    const live = applyStreamEvent(initial, { type: "stream.started", streamId, startedAt: new Date() });
    expect(live.status).toBe("LIVE");
    const counted = applyStreamEvent(live, { type: "stream.stats", streamId, stats: { viewerCount: 4, peakViewers: 4, likeCount: 9 } });
    expect([counted.viewerCount, counted.likeCount]).toEqual([4, 9]);
    expect(applyStreamEvent(counted, { type: "likes.updated", streamId, likeCount: 10 }).likeCount).toBe(10);
    expect(applyStreamEvent(counted, { type: "stream.ended", streamId, endedAt: new Date() }).status).toBe("ENDED");
  });

  it("ignores events no page shows", () => {
    expect(applyStreamEvent(initial, { type: "viewers.joined", streamId, viewers: [], anonymous: 1 })).toBe(initial);
  });
});
