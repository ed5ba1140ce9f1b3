"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { LocalTime } from "../studio/local-time";
import { StreamStatusBadge } from "../studio/stream-status-badge";
import { StreamComparison } from "./comparison";
import { formatDuration } from "./format";
import { streamSummaryCards } from "./summary";
import { SummaryCards } from "./summary-cards";
import { TimelineChart } from "./timeline-chart";

/** While live, new minutes are collected every minute: the page asks twice a minute. */
export const LIVE_REFETCH_MS = 30_000;

interface StreamAnalyticsProps {
  streamId: string;
  /** Where "back" goes: the studio for the owner and admins, the moderator dashboard for moderators. */
  back: { href: string; label: string };
}

/** /studio/<id>/analytics: the stream's summary, its timeline with the moments, the comparison and the CSV. */
export function StreamAnalytics({ streamId, back }: StreamAnalyticsProps) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.stream.analytics.queryOptions(
      { streamId },
      { refetchInterval: (current) => (current.state.data?.stream.status === "LIVE" ? LIVE_REFETCH_MS : false) },
    ),
  );
  const view = query.data;
  if (!view) {
    return (
      <div className="studio analytics">
        <p className={query.error ? "form-error" : "muted"} role={query.error ? "alert" : undefined}>
          {query.error ? errorMessage(query.error) : "Loading…"}
        </p>
      </div>
    );
  }
  const { stream, summary } = view;

  return (
    <div className="studio analytics" data-testid="stream-analytics">
      <p className="studio-back">
        <Link href={back.href}>← {back.label}</Link>
      </p>
      <header className="studio-manager-header">
        <h1>
          <span className="analytics-kicker muted">Analytics</span> <bdi>{stream.title}</bdi>
        </h1>
        <div className="studio-manager-meta">
          <StreamStatusBadge status={stream.status} />
          {stream.startedAt ? (
            <span className="muted">
              Went live <LocalTime date={stream.startedAt} />
              {summary.durationSeconds !== null ? ` · ${formatDuration(summary.durationSeconds)}` : null}
            </span>
          ) : null}
          <a
            href={`/api/analytics/${encodeURIComponent(stream.id)}.csv`}
            download
            className="button button-small button-secondary"
            data-testid="analytics-csv"
          >
            Download CSV
          </a>
        </div>
      </header>

      {stream.startedAt === null ? (
        <p className="studio-panel muted" data-testid="analytics-not-live-yet">
          This stream has not gone live yet: its numbers start when it does.
        </p>
      ) : (
        <>
          {stream.status === "LIVE" ? (
            <p className="muted studio-hint" role="status">
              Live now: each finished minute is added within a minute or two, and this page updates by itself.
            </p>
          ) : null}
          <section className="analytics-section" aria-labelledby="analytics-summary-heading">
            <h2 id="analytics-summary-heading">Summary</h2>
            <SummaryCards cards={streamSummaryCards(summary)} label="Stream summary" testId="analytics-summary" />
          </section>
          <TimelineChart view={view} />
          <StreamComparison view={view} />
        </>
      )}
    </div>
  );
}
