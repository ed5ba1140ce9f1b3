import type { RouterOutputs } from "@onair/api";

/** How a stream's video is played, as `stream.bySlug` returns it (paths relative to the media server: ~/lib/media-url). */
export type StreamPlayback = RouterOutputs["stream"]["bySlug"]["playback"];

export type PlayerMode = "live" | "replay" | "preview";

/** Reported by the player while it plays: the media's time, and the wall clock it corresponds to when the source knows it. */
export type TimeListener = (seconds: number, wallClock?: Date) => void;
