"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
import { RemindMeButton } from "../notifications/remind-me-button";
import { StreamCard } from "../stream/stream-card";
import { ErrorLine } from "../ui/error-line";
import { LoadMoreButton } from "../ui/load-more-button";
import { nextStreamPage, STREAM_SECTIONS, streamListInput, type ListedStatus, type StreamFilter } from "./stream-filter";
import "./browse.css";

type Section = (typeof STREAM_SECTIONS)[number];

/** The pages of one section read so far (the server prefetched the first). */
function useStreamPages(status: ListedStatus, filter: StreamFilter) {
  const trpc = useTRPC();
  return useInfiniteQuery(trpc.stream.list.infiniteQueryOptions(streamListInput(status, filter), { getNextPageParam: nextStreamPage }));
}

type StreamPages = ReturnType<typeof useStreamPages>;

function useSectionPages(filter: StreamFilter): Record<ListedStatus, StreamPages> {
  return { LIVE: useStreamPages("LIVE", filter), SCHEDULED: useStreamPages("SCHEDULED", filter), ENDED: useStreamPages("ENDED", filter) };
}

/** Scheduled streams get a "Remind me" button (`returnPath`: where signing in comes back to). */
export type RemindOption = { signedIn: boolean; returnPath: string };

function StreamSection({ section, pages, empty, remind }: { section: Section; pages: StreamPages; empty: string; remind?: RemindOption }) {
  // Each page's scheduled streams are asked about together (one reminders query per page).
  const streams = (pages.data?.pages ?? []).flatMap((page) =>
    page.items.map((stream) => ({ stream, pageIds: page.items.map((item) => item.id) })),
  );
  return (
    <section className="stream-section" aria-labelledby={section.id} data-status={section.status}>
      <h2 id={section.id}>{section.title}</h2>
      <ErrorLine error={pages.error} />
      {pages.isPending ? (
        <p className="muted">Loading…</p>
      ) : streams.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="stream-grid">
          {streams.map(({ stream, pageIds }) => (
            <StreamCard
              key={stream.id}
              stream={stream}
              action={
                remind && stream.status === "SCHEDULED" ? (
                  <RemindMeButton streamId={stream.id} streamIds={pageIds} title={stream.title} {...remind} />
                ) : undefined
              }
            />
          ))}
        </div>
      )}
      <div className="stream-section-more">
        <LoadMoreButton
          hasMore={pages.hasNextPage}
          loading={pages.isFetchingNextPage}
          onLoadMore={() => void pages.fetchNextPage()}
        >{`More ${section.title.toLowerCase()}`}</LoadMoreButton>
      </div>
    </section>
  );
}

/** Live, upcoming and past streams, each with its own "more" button; `empty` says what an empty section shows. */
export function StreamSections({
  filter,
  empty,
  remind,
}: {
  filter: StreamFilter;
  empty: Record<ListedStatus, string>;
  remind?: RemindOption;
}) {
  const pages = useSectionPages(filter);
  return (
    <>
      {STREAM_SECTIONS.map((section) => (
        <StreamSection key={section.status} section={section} pages={pages[section.status]} empty={empty[section.status]} remind={remind} />
      ))}
    </>
  );
}

/** A search's results grouped live / upcoming / past; sections without results are left out. */
export function SearchResults({ query }: { query: string }) {
  const pages = useSectionPages({ query });
  const found = STREAM_SECTIONS.filter((section) => pages[section.status].data?.pages[0]?.items.length);
  const settled = STREAM_SECTIONS.every((section) => !pages[section.status].isPending);
  const failed = STREAM_SECTIONS.map((section) => pages[section.status].error).find(Boolean) ?? null;
  if (failed) return <ErrorLine error={failed} />;
  if (settled && found.length === 0) {
    return (
      <p className="browse-empty" role="status" data-testid="search-no-results">
        No streams match “<bdi>{query}</bdi>”. Try a title or a creator&apos;s name.
      </p>
    );
  }
  return (
    <>
      {found.map((section) => (
        <StreamSection key={section.status} section={section} pages={pages[section.status]} empty="" />
      ))}
    </>
  );
}
