import type { RouterOutputs } from "@onair/api";

type StreamSummary = RouterOutputs["stream"]["list"]["items"][number];

/** What a stream card shows: the uploaded thumbnail, else YouTube's for a YouTube stream, else nothing (the gradient). */
export function thumbnailOf(stream: Pick<StreamSummary, "thumbnailUrl" | "videoProvider" | "videoSource">): string | null {
  if (stream.thumbnailUrl) return stream.thumbnailUrl;
  // Only a well-formed video id goes into the URL (it ends up inside CSS url()).
  if (stream.videoProvider === "YOUTUBE" && /^[\w-]{11}$/.test(stream.videoSource)) {
    return `https://i.ytimg.com/vi/${stream.videoSource}/hqdefault.jpg`;
  }
  return null;
}
