"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ModeratorsSwitch } from "../studio/moderators-switch";
import { useStreamEvents } from "../stream/stream-events";
import { ChartTable } from "./chart-table";
import { liveChartData, MINUTE_MS, ratePerMinute } from "./chart-data";
import { formatAverage, formatClock, formatCount, formatRevenue } from "./format";
import { LIVE_REFETCH_MS } from "./stream-analytics";
import { useLivePoints } from "./use-live-points";
import { useTimeZone } from "./use-time-zone";
import { ViewersLiveChart } from "./viewers-live-chart";
import "./analytics.css";

/** Chat rate and likes: per minute over the last five collected minutes. */
const RATE_MINUTES = 5;
/** Minutes in the table behind the chart (newest first). */
const TABLE_MINUTES = 30;

const WINDOWS = [
  { key: "15m", label: "15 min", ms: 15 * MINUTE_MS },
  { key: "1h", label: "1 hour", ms: 60 * MINUTE_MS },
  { key: "all", label: "Whole stream", ms: null },
] as const;
type WindowKey = (typeof WINDOWS)[number]["key"];

interface LiveAnalyticsPanelProps {
  streamId: string;
  /** The owner's view: the switch for moderators' access. Null for admins who are not the owner. */
  owner: { moderatorsAllowed: boolean } | null;
}

/**
 * The studio's live dashboard while the stream is LIVE: concurrent viewers as a chart that moves
 * (collected minutes from `stream.analytics`, asked again every 30 s, then this page's own
 * readings of `stream.stats`), chat rate, likes and sales, and a link to the full analytics.
 */
export function LiveAnalyticsPanel({ streamId, owner }: LiveAnalyticsPanelProps) {
  const trpc = useTRPC();
  const live = useStreamEvents();
  const timeZone = useTimeZone();
  const analytics = useQuery(trpc.stream.analytics.queryOptions({ streamId }, { refetchInterval: LIVE_REFETCH_MS }));
  const { points, now } = useLivePoints(live.viewerCount);
  const [windowKey, setWindowKey] = useState<WindowKey>("15m");
  const windowMs = WINDOWS.find((option) => option.key === windowKey)!.ms;
  const radioName = useId();

  const view = analytics.data;
  const series = view?.series ?? [];
  const collectedThrough = view?.collectedThrough ?? null;
  const data = liveChartData(series, collectedThrough, points, { now, windowMs });
  const range: [number, number] | null = windowMs === null || now === 0 ? null : [(now - windowMs) / 1000, now / 1000];
  const peak = Math.max(view?.summary.peakViewers ?? 0, live.viewerCount);
  const chatRate = ratePerMinute(series, collectedThrough, "messages", RATE_MINUTES);
  const likeRate = ratePerMinute(series, collectedThrough, "likes", RATE_MINUTES);
  const recentMinutes = series.slice(-TABLE_MINUTES).reverse();

  return (
    <section className="studio-panel analytics-live" aria-labelledby="live-analytics-heading" data-testid="live-analytics">
      <div className="analytics-live-header">
        <h2 id="live-analytics-heading">Live analytics</h2>
        <Link href={`/studio/${streamId}/analytics`} data-testid="live-analytics-full">
          Full analytics
        </Link>
      </div>
      <dl className="analytics-cards analytics-cards-live" aria-label="Live analytics numbers">
        <div className="analytics-card">
          <dt>Watching now</dt>
          <dd className="analytics-card-value" data-testid="live-watching">
            {formatCount(live.viewerCount)}
          </dd>
          <dd className="analytics-card-hint muted">Peak {formatCount(peak)}</dd>
        </div>
        <div className="analytics-card">
          <dt>Chat rate</dt>
          <dd className="analytics-card-value" data-testid="live-chat-rate">
            {chatRate === null ? "—" : `${formatAverage(chatRate)}/min`}
          </dd>
          <dd className="analytics-card-hint muted">Last {RATE_MINUTES} minutes</dd>
        </div>
        <div className="analytics-card">
          <dt>Likes</dt>
          <dd className="analytics-card-value" data-testid="live-likes">
            {formatCount(live.likeCount)}
          </dd>
          <dd className="analytics-card-hint muted">{likeRate === null ? "In all" : `${formatAverage(likeRate)}/min lately`}</dd>
        </div>
        <div className="analytics-card">
          <dt>Sales</dt>
          <dd className="analytics-card-value" data-testid="live-orders">
            {view ? `${formatCount(view.summary.orders)} ${view.summary.orders === 1 ? "order" : "orders"}` : "—"}
          </dd>
          <dd className="analytics-card-hint muted">{view ? formatRevenue(view.summary.revenue) : "…"}</dd>
        </div>
      </dl>

      <figure className="analytics-figure" aria-labelledby={`${radioName}-caption`}>
        <div className="analytics-live-chart-header">
          <span id={`${radioName}-caption`} className="analytics-figure-title">
            Concurrent viewers
          </span>
          <fieldset className="analytics-segmented">
            <legend className="visually-hidden">Time shown</legend>
            {WINDOWS.map((option) => (
              <label key={option.key} className={option.key === windowKey ? "analytics-segment analytics-segment-on" : "analytics-segment"}>
                <input
                  type="radio"
                  name={radioName}
                  value={option.key}
                  checked={option.key === windowKey}
                  onChange={() => setWindowKey(option.key)}
                />
                {option.label}
              </label>
            ))}
          </fieldset>
        </div>
        <ViewersLiveChart
          data={data}
          range={range}
          label={`Concurrent viewers over time; ${formatCount(live.viewerCount)} now, peak ${formatCount(peak)}.`}
        />
      </figure>
      {analytics.error ? (
        <p className="form-error" role="alert">
          {errorMessage(analytics.error)}
        </p>
      ) : null}

      <ChartTable label="Viewers per minute" summary="Show the last minutes as a table" testId="live-analytics-table">
        <table>
          <caption className="visually-hidden">Viewers and chat per minute, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Minute{timeZone ? ` (${timeZone})` : ""}</th>
              <th scope="col">Viewers (avg)</th>
              <th scope="col">Viewers (max)</th>
              <th scope="col">Messages</th>
              <th scope="col">Likes</th>
              <th scope="col">Orders</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Now</th>
              <td colSpan={5} className="analytics-cell-text">
                {formatCount(live.viewerCount)} watching
              </td>
            </tr>
            {recentMinutes.map((minute) => (
              <tr key={minute.minute.getTime()}>
                <th scope="row">
                  <time dateTime={minute.minute.toISOString()}>{formatClock(minute.minute.getTime(), timeZone)}</time>
                </th>
                <td>{formatAverage(minute.viewersAvg)}</td>
                <td>{formatCount(minute.viewersMax)}</td>
                <td>{formatCount(minute.messages)}</td>
                <td>{formatCount(minute.likes)}</td>
                <td>{formatCount(minute.orders)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartTable>

      {owner ? (
        <ModeratorsSwitch
          streamId={streamId}
          initial={owner.moderatorsAllowed}
          mutation={trpc.stream.setAnalyticsModeratorsAllowed.mutationOptions()}
          label="Moderators may see this stream's analytics"
          said={{
            allowed: "Your moderators can now see this stream's analytics.",
            disallowed: "Only you and admins see the analytics now.",
          }}
          testId="analytics-moderators-allowed"
        />
      ) : null}
    </section>
  );
}
