import type { StreamStatus } from "@onair/db";
import type { PlayerMode, StreamPlayback } from "./types";

/** What a source adapter (the media element, hls.js, mpegts.js, Agora) last reported. */
export type MediaStatus =
  | { kind: "loading" }
  | { kind: "playing" }
  /** Media stopped advancing or the adapter is retrying; `reason` is shown to the viewer. */
  | { kind: "stalled"; reason: string }
  /** Gave up: nothing more will play until the source changes. */
  | { kind: "failed"; reason: string }
  /** A replay (or a live playlist that was closed) reached its end. */
  | { kind: "finished" };

export type MediaEvent =
  { type: "load" } | { type: "playing" } | { type: "stall"; reason: string } | { type: "fail"; reason: string } | { type: "finish" };

export const INITIAL_MEDIA: MediaStatus = { kind: "loading" };

/** The adapter's status after one of its events. A failure sticks until the adapter loads again. */
export function mediaReducer(media: MediaStatus, event: MediaEvent): MediaStatus {
  if (media.kind === "failed" && event.type !== "load") return media;
  switch (event.type) {
    case "load":
      return { kind: "loading" };
    case "playing":
      return { kind: "playing" };
    case "stall":
      return { kind: "stalled", reason: event.reason };
    case "fail":
      return { kind: "failed", reason: event.reason };
    case "finish":
      return { kind: "finished" };
  }
}

/** What the viewer sees (`data-state` of the player). */
export type PlayerState =
  | { name: "waiting"; missed: boolean }
  | { name: "connecting" }
  | { name: "live" }
  | { name: "replay" }
  | { name: "reconnecting"; reason: string }
  | { name: "ended"; replayAvailable: boolean }
  | { name: "unavailable"; reason: string };

export const AGORA_NOT_CONFIGURED = "Agora is not configured on this server.";
export const ENCODER_GONE = "The broadcaster's encoder disconnected; waiting for it to come back.";
export const ENCODER_NOT_CONNECTED = "No encoder is connected: start streaming from OBS or ffmpeg.";

export interface PlayerInput {
  mode: PlayerMode;
  status: StreamStatus;
  playback: StreamPlayback;
  /** INGEST: whether the encoder is publishing; null for other sources. */
  sourceConnected: boolean | null;
  media: MediaStatus;
}

/** Whether an ended stream has something to play back. */
export function hasReplay(playback: StreamPlayback): boolean {
  switch (playback.provider) {
    case "YOUTUBE":
      return true;
    case "HLS":
      return playback.replayUrl !== null;
    case "INGEST":
      return playback.recordings.length > 0;
    case "AGORA":
      return false;
  }
}

/** The player's state from the stream's status, its source and what the adapter reports. */
export function playerState({ mode, status, playback, sourceConnected, media }: PlayerInput): PlayerState {
  if (playback.provider === "AGORA" && !playback.available) {
    return { name: "unavailable", reason: playback.reason ?? AGORA_NOT_CONFIGURED };
  }

  if (mode === "preview") {
    // The studio's preview plays the encoder whatever the stream's status.
    if (sourceConnected !== true) return { name: "waiting", missed: false };
    return fromMedia(media, "live");
  }

  if (mode === "replay") {
    if (!hasReplay(playback)) return { name: "ended", replayAvailable: false };
    if (media.kind === "finished") return { name: "ended", replayAvailable: true };
    return fromMedia(media, "replay");
  }

  switch (status) {
    case "SCHEDULED":
      return { name: "waiting", missed: false };
    case "MISSED":
      return { name: "waiting", missed: true };
    case "ENDED":
      return { name: "ended", replayAvailable: hasReplay(playback) };
    case "LIVE":
      if (playback.provider === "INGEST" && sourceConnected === false) return { name: "reconnecting", reason: ENCODER_GONE };
      if (media.kind === "finished") return { name: "ended", replayAvailable: hasReplay(playback) };
      return fromMedia(media, "live");
  }
}

function fromMedia(media: MediaStatus, playing: "live" | "replay"): PlayerState {
  switch (media.kind) {
    case "loading":
      return { name: "connecting" };
    case "playing":
      return { name: playing };
    case "stalled":
      return { name: "reconnecting", reason: media.reason };
    case "failed":
      return { name: "unavailable", reason: media.reason };
    case "finished":
      return { name: "ended", replayAvailable: playing === "replay" };
  }
}

/** Whether the adapter should be mounted (and so connect): only when there is something to play. */
export function shouldPlay(state: PlayerState, input: Pick<PlayerInput, "mode" | "sourceConnected" | "playback">): boolean {
  switch (state.name) {
    case "waiting":
    case "unavailable":
      return false;
    case "ended":
      // A replay that reached its end stays mounted so the viewer can seek back.
      return input.mode === "replay" && state.replayAvailable;
    case "reconnecting":
      // An INGEST source that is gone has nothing to connect to; the adapter is made again when it is back.
      return !(input.playback.provider === "INGEST" && input.sourceConnected === false);
    case "connecting":
    case "live":
    case "replay":
      return true;
  }
}

/** How long the media time may stand still while playing before the player says it is reconnecting. */
export const STALL_AFTER_MS = 3000;

export interface StallWatch {
  /** The media time at the last check. */
  time: number;
  /** When the media time last moved (ms). */
  movedAt: number;
}

/**
 * One check of a playing media element: has its time moved? `stalled` when it has stood still for
 * `STALL_AFTER_MS`. Live FLV stalls without any event when the encoder goes away, so the player polls.
 */
export function checkStall(watch: StallWatch, currentTime: number, now: number): { watch: StallWatch; stalled: boolean } {
  if (currentTime !== watch.time) return { watch: { time: currentTime, movedAt: now }, stalled: false };
  return { watch, stalled: now - watch.movedAt >= STALL_AFTER_MS };
}
