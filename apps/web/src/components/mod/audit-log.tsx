"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { AuditLogEntry } from "./audit-log-entry";
import { AuditLogExport } from "./audit-log-export";
import { AuditLogFilters } from "./audit-log-filters";
import { NO_FILTER, isNoFilter, logQueryInput, type LogFilter } from "./audit-log-filter";
import type { UserRef } from "./user-card";
import { ErrorLine } from "../ui/error-line";
import { LoadMoreButton } from "../ui/load-more-button";
import type { TabPanelProps } from "../ui/tabs";

interface AuditLogProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  onOpenUser: (user: UserRef) => void;
}

/**
 * A stream's audit log: pages read with `moderation.log` under the applied filters. The mod page
 * prefetches the first unfiltered page; the dashboard's moderation feed invalidates the query when
 * an entry is logged and after a reconnect.
 */
export function AuditLog({ streamId, onOpenUser, tabPanel }: AuditLogProps) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<LogFilter>(NO_FILTER);
  const [applied, setApplied] = useState<LogFilter>(NO_FILTER);
  const log = useInfiniteQuery(
    trpc.moderation.log.infiniteQueryOptions(logQueryInput(streamId, applied), {
      getNextPageParam: (page) => page.nextCursor,
      // While other filters are read, the list shows what it showed before.
      placeholderData: keepPreviousData,
    }),
  );

  const shown = log.data?.pages.flatMap((page) => page.entries) ?? [];

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
