import type { Prisma, StreamStatus, VideoProvider } from "@onair/db";
import type { AgoraCredentials } from "../studio/media-deps";

/**
 * How a viewer's page plays a stream. Paths of INGEST streams are relative to
 * the media server's public URL (MEDIA_PUBLIC_URL, else port 3002 of the page's host).
 */
export type StreamPlayback =
  | { provider: "YOUTUBE"; videoId: string }
  | { provider: "HLS"; url: string; replayUrl: string | null }
  | { provider: "AGORA"; channel: string; available: boolean; reason: string | null }
  | {
      provider: "INGEST";
      livePath: string;
      /**
       * The encoder sessions, in order. `startOffsetMs`: where the public replay of a part starts; a
       * session that began in the owner's private preview is played only from the moment the stream went live.
       */
      recordings: { id: string; path: string; startedAt: Date; durationMs: number | null; startOffsetMs: number }[];
    };

export const AGORA_NOT_CONFIGURED = "This server has no Agora credentials (AGORA_APP_ID and AGORA_APP_CERTIFICATE).";

/** What playbackOf reads of a stream. */
export const playbackSelect = {
  id: true,
  status: true,
  videoProvider: true,
  videoSource: true,
  replayUrl: true,
  startedAt: true,
  recordings: {
    where: { status: "READY" },
    orderBy: { startedAt: "asc" },
    take: 50,
    select: { id: true, startedAt: true, endedAt: true, durationMs: true },
  },
} satisfies Prisma.LiveStreamSelect;

interface PlaybackSource {
  id: string;
  status: StreamStatus;
  videoProvider: VideoProvider;
  videoSource: string;
  replayUrl: string | null;
  startedAt: Date | null;
  recordings: { id: string; startedAt: Date; endedAt: Date | null; durationMs: number | null }[];
}

export function playbackOf(stream: PlaybackSource, agora: AgoraCredentials | null): StreamPlayback {
  switch (stream.videoProvider) {
    case "YOUTUBE":
      return { provider: "YOUTUBE", videoId: stream.videoSource };
    case "HLS":
      return { provider: "HLS", url: stream.videoSource, replayUrl: stream.replayUrl };
    case "AGORA": {
      const reason = !agora ? AGORA_NOT_CONFIGURED : stream.status !== "LIVE" ? "The stream is not live." : null;
      return { provider: "AGORA", channel: stream.videoSource, available: reason === null, reason };
    }
    case "INGEST": {
      // Only what viewers could see: nothing recorded before the stream went live (the owner's preview).
      const liveFrom = stream.startedAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const publicRecordings = stream.recordings.filter(
        (recording) => (recording.endedAt?.getTime() ?? Number.POSITIVE_INFINITY) > liveFrom,
      );
      return {
        provider: "INGEST",
        livePath: `/live/${stream.id}.flv`,
        recordings: publicRecordings.map(({ id, startedAt, durationMs }) => ({
          id,
          path: `/recordings/${id}.mp4`,
          startedAt,
          durationMs,
          startOffsetMs: Math.max(0, liveFrom - startedAt.getTime()),
        })),
      };
    }
  }
}

/** The web app serves thumbnails at /media/<storage key> (apps/web/src/app/media/[...key]/route.ts). */
export function thumbnailUrlOf(thumbnailKey: string | null): string | null {
  return thumbnailKey ? `/media/${thumbnailKey}` : null;
}

/** INGEST streams: whether an encoder is publishing now; null for other sources. */
export function sourceConnectedOf(stream: { videoProvider: VideoProvider; ingestConnectedAt: Date | null }): boolean | null {
  return stream.videoProvider === "INGEST" ? stream.ingestConnectedAt !== null : null;
}
