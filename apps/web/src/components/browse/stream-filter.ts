import type { RouterInputs } from "@onair/api";

type ListInput = RouterInputs["stream"]["list"];
export type ListedStatus = ListInput["status"];

/** Streams a page browses: all of them, a search's, or one channel's. */
export type StreamFilter = { query?: string; channel?: string };

export const STREAM_PAGE_SIZE = 20;

/** The longest search the API takes. */
export const MAX_SEARCH_LENGTH = 100;

/** The three sections of every browsing page, in the order they show. */
export const STREAM_SECTIONS = [
  { status: "LIVE", id: "live-now", title: "Live now" },
  { status: "SCHEDULED", id: "upcoming", title: "Upcoming" },
  { status: "ENDED", id: "past", title: "Past streams" },
] as const satisfies ReadonlyArray<{ status: ListedStatus; id: string; title: string }>;

/** The `stream.list` input of one section (without the cursor, which paging adds). */
export function streamListInput(status: ListedStatus, filter: StreamFilter): ListInput {
  return { status, limit: STREAM_PAGE_SIZE, ...filter };
}

/** The next page's cursor, for useInfiniteQuery and the server's prefetch alike. */
export function nextStreamPage(page: { nextCursor: string | null }): string | null {
  return page.nextCursor;
}

/**
 * The search a `?q=` asks for: trimmed and cut to what the API takes; null when there is
 * nothing to search for (absent, blank, or given twice, when the first one counts).
 */
export function searchQueryOf(q: string | string[] | undefined): string | null {
  const text = (Array.isArray(q) ? q[0] : q)?.trim().slice(0, MAX_SEARCH_LENGTH).trim();
  return text ? text : null;
}
