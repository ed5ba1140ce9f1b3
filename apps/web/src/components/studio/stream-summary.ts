import type { StreamStatus, StudioStreamSummary } from "./types";

/** The studio's groups, in page order; "Scheduled" lists upcoming streams, then those that missed their time. */
export const STUDIO_GROUPS = [
  { id: "live", title: "Live", statuses: ["LIVE"], empty: "Nothing is live right now." },
  {
    id: "scheduled",
    title: "Scheduled",
    statuses: ["SCHEDULED", "MISSED"],
    empty: "No upcoming streams. Create one and it waits here until you go live.",
  },
  { id: "ended", title: "Ended", statuses: ["ENDED"], empty: "Streams you have ended appear here, with their numbers." },
] as const satisfies ReadonlyArray<{ id: string; title: string; statuses: readonly StreamStatus[]; empty: string }>;

export type StudioGroupStatus = (typeof STUDIO_GROUPS)[number]["statuses"][number];

const STUDIO_PAGE_SIZE = 10;

/** studio.myStreams' input for a group's first page (the page prefetches exactly this). */
export function myStreamsInput(status: StudioGroupStatus) {
  return { status, limit: STUDIO_PAGE_SIZE };
}

export const STATUS_BADGES: Record<StreamStatus, { label: string; className: string }> = {
  LIVE: { label: "LIVE", className: "badge badge-live" },
  SCHEDULED: { label: "SCHEDULED", className: "badge studio-badge-scheduled" },
  MISSED: { label: "MISSED", className: "badge studio-badge-missed" },
  ENDED: { label: "ENDED", className: "badge studio-badge-muted" },
};

/** The moment a row shows, with what it means; null date: not scheduled. */
export function summaryTime(stream: Pick<StudioStreamSummary, "status" | "scheduledStartAt" | "startedAt" | "endedAt">): {
  label: string;
  date: Date | null;
} {
  switch (stream.status) {
    case "LIVE":
      return { label: "Live since", date: stream.startedAt };
    case "SCHEDULED":
      return stream.scheduledStartAt
        ? { label: "Starts", date: stream.scheduledStartAt }
        : { label: "Not scheduled: starts when you go live", date: null };
    case "MISSED":
      return { label: "Was due", date: stream.scheduledStartAt };
    case "ENDED":
      return { label: "Ended", date: stream.endedAt };
  }
}

export interface KeyNumber {
  label: string;
  value: number;
}

/** The numbers a row shows: viewers now while live, the peak otherwise, then likes and chat messages. */
export function keyNumbers(
  stream: Pick<StudioStreamSummary, "status" | "viewerCount" | "peakViewers" | "likeCount" | "messageCount">,
): KeyNumber[] {
  const viewers =
    stream.status === "LIVE" ? { label: "watching", value: stream.viewerCount } : { label: "peak viewers", value: stream.peakViewers };
  return [
    viewers,
    { label: stream.likeCount === 1 ? "like" : "likes", value: stream.likeCount },
    { label: "chat messages", value: stream.messageCount },
  ];
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat("en", { notation: value >= 10_000 ? "compact" : "standard" }).format(value);
}
