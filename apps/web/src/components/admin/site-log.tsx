"use client";

import type { RouterOutputs } from "@onair/api";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { ADMIN_PAGE_SIZE } from "./user-search-input";
import { LogEntryNotes } from "../mod/audit-log-entry";
import { actionLabel } from "../mod/format";
import { ErrorLine } from "../ui/error-line";
import { LoadMoreButton } from "../ui/load-more-button";

type SiteLogPage = RouterOutputs["admin"]["log"];
type SiteLogEntry = SiteLogPage["entries"][number];

/** The audit log of every stream and of the site (`admin.log`), newest first; admin actions invalidate it. */
export function SiteLog() {
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.admin.log.infiniteQueryOptions(
      { limit: ADMIN_PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor,
      },
    ),
  );
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section className="mod-card" aria-labelledby="admin-log-heading">
      <div className="mod-panel-header">
        <h2 id="admin-log-heading">Audit log (all streams and site-wide)</h2>
        <button type="button" className="link-button" onClick={() => void log.refetch()} disabled={log.isFetching}>
          Refresh
        </button>
      </div>
      <ErrorLine error={log.error} />
      {log.isPending ? (
        <p className="mod-empty-line muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="mod-empty-line muted">Nothing logged yet.</p>
      ) : (
        <ol className="mod-log" data-testid="admin-log">
          {entries.map((entry) => (
            <SiteLogRow key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      <LoadMoreButton hasMore={log.hasNextPage} loading={log.isFetching} onLoadMore={() => void log.fetchNextPage()}>
        Load more
      </LoadMoreButton>
    </section>
  );
}

function SiteLogRow({ entry }: { entry: SiteLogEntry }) {
  return (
    <li className="mod-log-entry" data-testid="log-entry" data-action={entry.action}>
      <div className="mod-log-line">
        <span className="chat-time">{formatDateTime(entry.createdAt)}</span>
        <span className="mod-log-action">{actionLabel(entry.action)}</span>
        <span>by {entry.actor ? `@${entry.actor.username}` : <span className="muted">the filter</span>}</span>
        {entry.targetUser ? <span>on @{entry.targetUser.username}</span> : null}
        {entry.stream ? (
          <Link href={`/mod/${entry.stream.slug}`}>/s/{entry.stream.slug}</Link>
        ) : (
          <span className="muted">{entry.streamId === null ? "site-wide" : "deleted stream"}</span>
        )}
      </div>
      <LogEntryNotes reason={entry.reason} details={entry.details} />
    </li>
  );
}
