"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../ui/error-line";
import { LoadMoreButton } from "../ui/load-more-button";
import { STUDIO_GROUPS, myStreamsInput, type StudioGroupStatus } from "./stream-summary";
import { StudioStreamRow } from "./studio-stream-row";

/** /studio: the caller's streams by state, and the way to make a new one (or why they cannot). */
export function StudioHome() {
  const trpc = useTRPC();
  const capabilities = useQuery(trpc.studio.capabilities.queryOptions());
  return (
    <div className="studio">
      <div className="studio-header">
        <h1>Studio</h1>
        {capabilities.data?.canCreate ? (
          <div className="studio-actions">
            <Link className="button button-secondary" href="/studio/products" data-testid="studio-products">
              Products
            </Link>
            <Link className="button" href="/studio/new" data-testid="studio-new">
              New stream
            </Link>
          </div>
        ) : capabilities.data ? (
          <p className="studio-cannot-create muted" data-testid="studio-cannot-create">
            {capabilities.data.reason ?? "You cannot create streams on this site."}
          </p>
        ) : null}
      </div>
      <ErrorLine error={capabilities.error} />
      {STUDIO_GROUPS.map((group) => (
        <section
          key={group.id}
          className="studio-group"
          aria-labelledby={`studio-group-${group.id}`}
          data-testid={`studio-group-${group.id}`}
        >
          <h2 id={`studio-group-${group.id}`}>{group.title}</h2>
          {group.statuses.map((status, index) => (
            <StatusStreams
              key={status}
              status={status}
              title={status === "MISSED" ? "Missed" : group.title}
              empty={index === 0 ? group.empty : null}
            />
          ))}
        </section>
      ))}
    </div>
  );
}

/** One status's streams, a page at a time; `empty` is said when there are none (null: say nothing). */
function StatusStreams({ status, title, empty }: { status: StudioGroupStatus; title: string; empty: string | null }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.studio.myStreams.infiniteQueryOptions(myStreamsInput(status), { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="studio-group-part">
      {list.isPending ? <p className="muted">Loading…</p> : null}
      {list.isSuccess && items.length === 0 && empty ? <p className="muted studio-empty">{empty}</p> : null}
      {items.length > 0 ? (
        <ul className="studio-list" aria-label={`${title} streams`}>
          {items.map((stream) => (
            <StudioStreamRow key={stream.id} stream={stream} />
          ))}
        </ul>
      ) : null}
      <ErrorLine error={list.error} />
      <LoadMoreButton hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()}>
        {`Load more ${title.toLowerCase()} streams`}
      </LoadMoreButton>
    </div>
  );
}
