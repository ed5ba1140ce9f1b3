"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
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

function StreamSection({ section, pages, empty }: { section: Section; pages: StreamPages; empty: string }) {
  const streams = pages.data?.pages.flatMap((page) => page.items) ?? [];
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
          {streams.map((stream) => (
            <StreamCard key={stream.id} stream={stream} />
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
export function StreamSections({ filter, empty }: { filter: StreamFilter; empty: Record<ListedStatus, string> }) {
  const pages = useSectionPages(filter);
  return (
    <>
      {STREAM_SECTIONS.map((section) => (
        <StreamSection key={section.status} section={section} pages={pages[section.status]} empty={empty[section.status]} />
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
