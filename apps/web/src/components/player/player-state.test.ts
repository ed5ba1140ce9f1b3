import { describe, expect, it } from "vitest";
import {
  AGORA_NOT_CONFIGURED,
  checkStall,
  ENCODER_GONE,
  hasReplay,
  INITIAL_MEDIA,
  mediaReducer,
  playerState,
  shouldPlay,
  STALL_AFTER_MS,
  type MediaStatus,
  type PlayerInput,
} from "./player-state";
import type { StreamPlayback } from "./types";

const hls: StreamPlayback = { provider: "HLS", url: "https://cdn.example/live.m3u8", replayUrl: null };
const hlsWithReplay: StreamPlayback = { ...hls, replayUrl: "https://cdn.example/vod.m3u8" };
const ingest: StreamPlayback = { provider: "INGEST", livePath: "/live/s1.flv", recordings: [] };
const recorded: StreamPlayback = {
  ...ingest,
  recordings: [{ id: "r1", path: "/recordings/r1.mp4", startedAt: new Date("2026-12-03T10:00:00Z"), durationMs: 60_000, startOffsetMs: 0 }],
};
const playing: MediaStatus = { kind: "playing" };

function state(input: Partial<PlayerInput>) {
  return playerState({ mode: "live", status: "LIVE", playback: hls, sourceConnected: null, media: INITIAL_MEDIA, ...input });
}

describe("player state", () => {
  it("waits before the start, and says a missed stream has not started", () => {
    expect(state({ status: "SCHEDULED" })).toEqual({ name: "waiting", missed: false });
    expect(state({ status: "MISSED" })).toEqual({ name: "waiting", missed: true });
  });

  it("connects, then is live when the media plays; a stall is reconnecting; a failure is unavailable with its reason", () => {
    expect(state({})).toEqual({ name: "connecting" });
    expect(state({ media: playing })).toEqual({ name: "live" });
    expect(state({ media: { kind: "stalled", reason: "dropped" } })).toEqual({ name: "reconnecting", reason: "dropped" });
    expect(state({ media: { kind: "failed", reason: "This HLS stream could not be loaded." } })).toEqual({
      name: "unavailable",
      reason: "This HLS stream could not be loaded.",
    });
  });

  it("an ingest stream whose encoder went away is reconnecting, whatever the media last said", () => {
    expect(state({ playback: ingest, sourceConnected: false, media: playing })).toEqual({ name: "reconnecting", reason: ENCODER_GONE });
    expect(state({ playback: ingest, sourceConnected: true, media: playing })).toEqual({ name: "live" });
  });

  it("an ended stream says whether it has a replay; the replay plays and ends", () => {
    expect(state({ status: "ENDED", playback: hls })).toEqual({ name: "ended", replayAvailable: false });
    expect(state({ status: "ENDED", playback: hlsWithReplay })).toEqual({ name: "ended", replayAvailable: true });
    expect(state({ status: "ENDED", mode: "replay", playback: recorded, media: playing })).toEqual({ name: "replay" });
    expect(state({ status: "ENDED", mode: "replay", playback: recorded, media: { kind: "finished" } })).toEqual({
      name: "ended",
      replayAvailable: true,
    });
  });

  it("Agora without configuration is unavailable with the reason, in every status", () => {
    const agora: StreamPlayback = { provider: "AGORA", channel: "s1", available: false, reason: null };
    expect(state({ playback: agora, status: "SCHEDULED" })).toEqual({ name: "unavailable", reason: AGORA_NOT_CONFIGURED });
    expect(state({ playback: { ...agora, reason: "No App ID." }, media: playing })).toEqual({ name: "unavailable", reason: "No App ID." });
  });

  it("the studio preview waits for the encoder and ignores the stream's status", () => {
    expect(state({ mode: "preview", status: "SCHEDULED", playback: ingest, sourceConnected: false })).toEqual({
      name: "waiting",
      missed: false,
    });
    expect(state({ mode: "preview", status: "SCHEDULED", playback: ingest, sourceConnected: true, media: playing })).toEqual({
      name: "live",
    });
  });

  it("mounts the adapter only when there is something to connect to", () => {
    const input = { mode: "live" as const, sourceConnected: false, playback: ingest };
    expect(shouldPlay({ name: "reconnecting", reason: ENCODER_GONE }, input)).toBe(false);
    expect(shouldPlay({ name: "reconnecting", reason: "stalled" }, { ...input, playback: hls, sourceConnected: null })).toBe(true);
    expect(shouldPlay({ name: "waiting", missed: false }, input)).toBe(false);
    expect(shouldPlay({ name: "ended", replayAvailable: true }, { ...input, mode: "replay" })).toBe(true);
    expect(shouldPlay({ name: "ended", replayAvailable: true }, input)).toBe(false);
  });

  it("knows which sources have a replay", () => {
    expect(hasReplay({ provider: "YOUTUBE", videoId: "dQw4w9WgXcQ" })).toBe(true);
    expect(hasReplay(hls)).toBe(false);
    expect(hasReplay(hlsWithReplay)).toBe(true);
    expect(hasReplay(ingest)).toBe(false);
    expect(hasReplay(recorded)).toBe(true);
  });
});

describe("media status", () => {
  it("a failure sticks until the adapter loads again", () => {
    const failed = mediaReducer(INITIAL_MEDIA, { type: "fail", reason: "gone" });
    expect(mediaReducer(failed, { type: "playing" })).toBe(failed);
    expect(mediaReducer(failed, { type: "load" })).toEqual({ kind: "loading" });
    expect(mediaReducer(mediaReducer(INITIAL_MEDIA, { type: "stall", reason: "slow" }), { type: "playing" })).toEqual({ kind: "playing" });
  });
});

describe("stall watch", () => {
  it("is stalled only when the media time has stood still for the threshold", () => {
    let watch = { time: 1, movedAt: 0 };
    expect(checkStall(watch, 2, 1000)).toEqual({ watch: { time: 2, movedAt: 1000 }, stalled: false });
    watch = { time: 2, movedAt: 1000 };
    expect(checkStall(watch, 2, 1000 + STALL_AFTER_MS - 1).stalled).toBe(false);
    expect(checkStall(watch, 2, 1000 + STALL_AFTER_MS).stalled).toBe(true);
  });
});
