"use client";

import type { ModerationLogView } from "@onair/api/events";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { AuditLogEntry } from "./audit-log-entry";
import { AuditLogExport } from "./audit-log-export";
import { AuditLogFilters } from "./audit-log-filters";
import { NO_FILTER, isNoFilter, logQueryInput, matchesFilter, newestFirst, type LogFilter } from "./audit-log-filter";
import type { LogPage } from "./types";
import type { UserRef } from "./user-card";
import { ErrorLine } from "../ui/error-line";
import { LoadMoreButton } from "../ui/load-more-button";
import type { TabPanelProps } from "../ui/tabs";

interface AuditLogProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  /** The first page without filters, read by the server render. */
  initialPage?: LogPage;
  /** Entries that arrived live (moderation.logged), newest first; shown when they match the applied filters. */
  liveEntries?: ModerationLogView[];
  onOpenUser: (user: UserRef) => void;
}

/**
 * A stream's audit log: pages read with `moderation.log` under the applied filters, plus the entries
 * that arrived live. The dashboard invalidates the query when entries may have been missed (a reconnect).
 */
export function AuditLog({ streamId, initialPage, liveEntries = [], onOpenUser, tabPanel }: AuditLogProps) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<LogFilter>(NO_FILTER);
  const [applied, setApplied] = useState<LogFilter>(NO_FILTER);
  // The server render's page counts as read when the dashboard mounted (not when the cache entry is made).
  const [mountedAt] = useState(() => Date.now());
  const log = useInfiniteQuery(
    trpc.moderation.log.infiniteQueryOptions(logQueryInput(streamId, applied), {
      getNextPageParam: (page) => page.nextCursor,
      initialData: initialPage && isNoFilter(applied) ? { pages: [initialPage], pageParams: [null] } : undefined,
      initialDataUpdatedAt: mountedAt,
      // While other filters are read, the list shows what it showed before.
      placeholderData: keepPreviousData,
    }),
  );

  const pages = log.data?.pages.flatMap((page) => page.entries) ?? [];
  const shown = newestFirst([...liveEntries.filter((entry) => matchesFilter(entry, applied)), ...pages]);

  function filterBy(key: "actorId" | "targetUserId", userId: string) {
    const next = { ...draft, [key]: userId };
    setDraft(next);
    setApplied(next);
  }

  return (
    <section className="mod-panel mod-panel-log" data-panel="log" aria-labelledby="mod-log-heading" {...tabPanel}>
      <div className="mod-panel-header">
        <h2 id="mod-log-heading">Audit log</h2>
        <AuditLogExport streamId={streamId} filter={applied} />
      </div>
      <AuditLogFilters draft={draft} onDraftChange={setDraft} onApply={setApplied} loading={log.isFetching} />
      <ErrorLine error={log.error} />
      {shown.length === 0 ? (
        log.isPending ? (
          <p className="mod-empty-line muted">Loading…</p>
        ) : (
          <p className="mod-empty-line muted">No entries{isNoFilter(applied) ? " yet" : " match these filters"}.</p>
        )
      ) : (
        <ol className="mod-log" data-testid="audit-log">
          {shown.map((entry) => (
            <AuditLogEntry key={entry.id} entry={entry} onFilterBy={filterBy} onOpenUser={onOpenUser} />
          ))}
        </ol>
      )}
      <LoadMoreButton hasMore={log.hasNextPage} loading={log.isFetching} onLoadMore={() => void log.fetchNextPage()}>
        {log.isFetching ? "Loading…" : "Load more"}
      </LoadMoreButton>
    </section>
  );
}
