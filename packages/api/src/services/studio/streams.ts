import type { Prisma } from "@onair/db";
import type { SignedInDeps, StreamDeps } from "../deps";
import { cursorArgs, pageOf } from "../shared/pages";
import { sourceConnectedOf, thumbnailUrlOf } from "../stream/playback";
import { chatSettingsSelect } from "../stream/stream-view";
import type { MyStreamsInput } from "./schemas";

const myStreamSelect = {
  id: true,
  slug: true,
  title: true,
  status: true,
  scheduledStartAt: true,
  startedAt: true,
  endedAt: true,
  videoProvider: true,
  viewerCount: true,
  peakViewers: true,
  likeCount: true,
  lastMessageSeq: true,
  thumbnailKey: true,
  ingestConnectedAt: true,
} satisfies Prisma.LiveStreamSelect;

/** The caller's own streams with one status, newest first, a page at a time, with their key numbers. */
export async function myStreams(deps: Pick<SignedInDeps, "db" | "actor">, input: MyStreamsInput) {
  const rows = await deps.db.liveStream.findMany({
    where: { ownerId: deps.actor.id, status: input.status },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...cursorArgs(input),
    select: myStreamSelect,
  });
  const { items, nextCursor } = pageOf(rows, input.limit);
  return {
    items: items.map(({ thumbnailKey, ingestConnectedAt, lastMessageSeq, ...stream }) => ({
      ...stream,
      messageCount: lastMessageSeq,
      thumbnailUrl: thumbnailUrlOf(thumbnailKey),
      sourceConnected: sourceConnectedOf({ videoProvider: stream.videoProvider, ingestConnectedAt }),
    })),
    nextCursor,
  };
}

/** The video source as the edit form shows it (VideoInput-shaped; never the ingest key). */
export type StudioVideo =
  | { provider: "YOUTUBE"; source: string }
  | { provider: "HLS"; url: string; replayUrl: string | null }
  | { provider: "AGORA" }
  | { provider: "INGEST"; autoGoLive: boolean };

/** Everything the studio's edit form needs about one stream (owner and admins). */
export async function studioStream(deps: Pick<StreamDeps, "db" | "stream">) {
  const row = await deps.db.liveStream.findUniqueOrThrow({
    where: { id: deps.stream.id },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      status: true,
      scheduledStartAt: true,
      startedAt: true,
      endedAt: true,
      videoProvider: true,
      videoSource: true,
      replayUrl: true,
      autoGoLive: true,
      thumbnailKey: true,
      ingestConnectedAt: true,
      shopModeratorsAllowed: true,
      analyticsModeratorsAllowed: true,
      ...chatSettingsSelect,
    },
  });
  const { videoSource, replayUrl, autoGoLive, thumbnailKey, ingestConnectedAt, ...rest } = row;
  const {
    chatEnabled,
    slowModeSeconds,
    emoteOnly,
    uniqueChat,
    followersOnlyMinutes,
    registeredOnlyMinutes,
    profanityFilter,
    shieldMode,
    ...stream
  } = rest;
  const video: StudioVideo =
    stream.videoProvider === "YOUTUBE"
      ? { provider: "YOUTUBE", source: videoSource }
      : stream.videoProvider === "HLS"
        ? { provider: "HLS", url: videoSource, replayUrl }
        : stream.videoProvider === "AGORA"
          ? { provider: "AGORA" }
          : { provider: "INGEST", autoGoLive };
  return {
    ...stream,
    video,
    chat: { chatEnabled, slowModeSeconds, emoteOnly, uniqueChat, followersOnlyMinutes, registeredOnlyMinutes, profanityFilter, shieldMode },
    autoGoLive,
    replayUrl,
    thumbnailUrl: thumbnailUrlOf(thumbnailKey),
    sourceConnected: sourceConnectedOf({ videoProvider: stream.videoProvider, ingestConnectedAt }),
  };
}
