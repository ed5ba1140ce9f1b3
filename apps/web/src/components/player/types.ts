/**
 * How a stream's video is played, as `stream.bySlug` returns it (`playback`). Paths are relative to
 * the media server's public URL (see ~/lib/media-url). Written here exactly as in the issue-10
 * contract until [api]'s `packages/api/src/services/stream/playback.ts` lands; then this file
 * re-exports that type.
 */
export type StreamPlayback =
  | { provider: "YOUTUBE"; videoId: string }
  | { provider: "HLS"; url: string; replayUrl: string | null }
  | { provider: "AGORA"; channel: string; available: boolean; reason: string | null }
  | {
      provider: "INGEST";
      /** "/live/<streamId>.flv" */
      livePath: string;
      recordings: { id: string; path: string; startedAt: Date; durationMs: number | null }[];
    };

export type PlayerMode = "live" | "replay" | "preview";

/** Reported by the player while it plays: the media's time, and the wall clock it corresponds to when the source knows it. */
export type TimeListener = (seconds: number, wallClock?: Date) => void;
