import "server-only";
import { parseEnv, sharedEnv } from "@onair/api/config";
import type { VideoProvider } from "@onair/db";
import type { StreamPlayback } from "~/components/player/types";
import { db } from "~/server/services";

/**
 * INTERIM, until [api]'s `stream.bySlug` returns `playback`, `thumbnailUrl` and `sourceConnected`
 * (issue-10 contract): the same values read here from the stream's row. At merge the page takes
 * them from bySlug and this file goes.
 */
export async function interimPlayback(stream: { id: string; videoProvider: VideoProvider; videoSource: string }): Promise<{
  playback: StreamPlayback;
  thumbnailUrl: string | null;
  sourceConnected: boolean | null;
}> {
  const row = await db().liveStream.findUniqueOrThrow({
    where: { id: stream.id },
    select: {
      replayUrl: true,
      thumbnailKey: true,
      ingestConnectedAt: true,
      recordings: { where: { status: "READY" }, orderBy: { startedAt: "asc" }, select: { id: true, startedAt: true, durationMs: true } },
    },
  });
  const thumbnailUrl = row.thumbnailKey ? `/media/${row.thumbnailKey}` : null;
  const ingest = stream.videoProvider === "INGEST";
  return { playback: playbackOf(stream, row), thumbnailUrl, sourceConnected: ingest ? row.ingestConnectedAt !== null : null };
}

function playbackOf(
  stream: { id: string; videoProvider: VideoProvider; videoSource: string },
  row: { replayUrl: string | null; recordings: { id: string; startedAt: Date; durationMs: number | null }[] },
): StreamPlayback {
  switch (stream.videoProvider) {
    case "YOUTUBE":
      return { provider: "YOUTUBE", videoId: stream.videoSource };
    case "HLS":
      return { provider: "HLS", url: stream.videoSource, replayUrl: row.replayUrl };
    case "AGORA": {
      const agora = parseEnv(
        { AGORA_APP_ID: sharedEnv.AGORA_APP_ID, AGORA_APP_CERTIFICATE: sharedEnv.AGORA_APP_CERTIFICATE },
        process.env,
        "[web]",
      );
      const available = Boolean(agora.AGORA_APP_ID && agora.AGORA_APP_CERTIFICATE);
      return { provider: "AGORA", channel: stream.id, available, reason: available ? null : "Agora is not configured on this server." };
    }
    case "INGEST":
      return {
        provider: "INGEST",
        livePath: `/live/${stream.id}.flv`,
        recordings: row.recordings.map((recording) => ({ ...recording, path: `/recordings/${recording.id}.mp4` })),
      };
  }
}
