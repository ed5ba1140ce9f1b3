"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ChartTable } from "./chart-table";
import { SITE_PERIODS, siteDayRows } from "./chart-data";
import { formatAverage, formatCompact, formatCount, formatDay, formatRevenue, formatWatchTime } from "./format";
import { PALETTE } from "./palette";
import type { SummaryCard } from "./summary";
import { SummaryCards } from "./summary-cards";
import type { SiteAnalyticsView } from "./types";

/** Days are UTC days: their labels are too, wherever the admin is. */
const day = (ms: number) => formatDay(ms, "UTC");

function siteCards(view: SiteAnalyticsView): SummaryCard[] {
  const { totals, liveNow } = view;
  return [
    {
      key: "live-now",
      label: "Live now",
      value: `${formatCount(liveNow.streams)} ${liveNow.streams === 1 ? "stream" : "streams"}`,
      hint: `${formatCount(liveNow.viewers)} watching`,
    },
    { key: "streams", label: "Streams", value: formatCount(totals.streams), hint: "Live at some point in the period" },
    { key: "watch", label: "Watch time", value: formatWatchTime(totals.watchSeconds) },
    { key: "peak", label: "Peak viewers", value: formatCount(totals.peakViewers), hint: "Most on one stream at once" },
    { key: "unique", label: "Unique viewers", value: formatCount(totals.uniqueViewers) },
    { key: "messages", label: "Chat messages", value: formatCount(totals.messages), hint: `${formatCount(totals.chatters)} chatters` },
    { key: "likes", label: "Likes", value: formatCount(totals.likes) },
    { key: "follows", label: "New follows", value: formatCount(totals.follows) },
    { key: "orders", label: "Orders", value: formatCount(totals.orders) },
    { key: "revenue", label: "Revenue", value: formatRevenue(view.revenue) },
  ];
}

/** /admin/analytics: the site across a period of days (admin.analyticsOverview): totals, each day, the top streams. */
export function SiteAnalytics({ initialDays }: { initialDays: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const selectId = useId();
  const [days, setDays] = useState(initialDays);
  const query = useQuery(trpc.admin.analyticsOverview.queryOptions({ days }, { placeholderData: keepPreviousData }));
  const view = query.data;
  const periods: number[] = SITE_PERIODS.includes(days as (typeof SITE_PERIODS)[number])
    ? [...SITE_PERIODS]
    : [...SITE_PERIODS, days].sort((a, b) => a - b);

  return (
    <div className="mod-admin analytics" data-testid="site-analytics">
      <p className="studio-back">
        <Link href="/admin">← Admin</Link>
      </p>
      <header className="analytics-site-header">
        <h1>Site analytics</h1>
        <div className="analytics-period">
          <label htmlFor={selectId}>Period</label>
          <select
            id={selectId}
            value={days}
            onChange={(event) => {
              const next = Number(event.target.value);
              setDays(next);
              router.replace(`${pathname}?days=${next}`, { scroll: false });
            }}
            data-testid="site-analytics-days"
          >
            {periods.map((option) => (
              <option key={option} value={option}>
                Last {option} days
              </option>
            ))}
          </select>
        </div>
      </header>
      {!view ? (
        <p className={query.error ? "form-error" : "muted"} role={query.error ? "alert" : undefined}>
          {query.error ? errorMessage(query.error) : "Loading…"}
        </p>
      ) : (
        <>
          <p className="muted studio-hint" aria-live="polite">
            {day(view.from.getTime())} – {day(view.to.getTime())} (UTC days){query.isFetching ? " · updating…" : ""}
          </p>
          <SummaryCards cards={siteCards(view)} label="The site in this period" testId="site-analytics-totals" />
          <SiteDaysChart view={view} />
          <TopStreams view={view} />
        </>
      )}
    </div>
  );
}

function SiteDaysChart({ view }: { view: SiteAnalyticsView }) {
  const rows = siteDayRows(view);
  return (
    <section className="mod-card analytics-section" aria-labelledby="site-days-heading" data-testid="site-analytics-days-chart">
      <h2 id="site-days-heading">Each day</h2>
      <figure className="analytics-figure">
        <figcaption className="muted">Watch time (hours, bars) and unique viewers (line) per UTC day.</figcaption>
        <div className="analytics-chart">
          <ComposedChart
            data={rows}
            responsive
            style={{ width: "100%", height: "100%" }}
            margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
            title="Watch time and unique viewers per day"
          >
            <CartesianGrid stroke={PALETTE.grid} vertical={false} />
            <XAxis dataKey="t" tickFormatter={day} stroke={PALETTE.axis} tick={{ fill: PALETTE.axis, fontSize: 12 }} minTickGap={16} />
            <YAxis
              yAxisId="hours"
              tickFormatter={formatCompact}
              stroke={PALETTE.viewers}
              tick={{ fill: PALETTE.viewers, fontSize: 12 }}
              width={36}
            />
            <YAxis
              yAxisId="viewers"
              orientation="right"
              allowDecimals={false}
              tickFormatter={formatCompact}
              stroke={PALETTE.chat}
              tick={{ fill: PALETTE.chat, fontSize: 12 }}
              width={36}
            />
            <Tooltip
              contentStyle={{ background: PALETTE.tooltipBackground, border: `1px solid ${PALETTE.grid}`, borderRadius: 8 }}
              labelStyle={{ color: PALETTE.text }}
              cursor={{ fill: "rgba(255,255,255,0.06)" }}
              labelFormatter={(label) => (typeof label === "number" ? day(label) : "")}
              formatter={(value) => (typeof value === "number" ? formatAverage(value) : String(value))}
            />
            <Legend wrapperStyle={{ fontSize: 13, color: PALETTE.text }} />
            <Bar yAxisId="hours" dataKey="watchHours" name="Watch time (h)" fill={PALETTE.viewers} isAnimationActive={false} />
            <Line
              yAxisId="viewers"
              dataKey="uniqueViewers"
              name="Unique viewers"
              stroke={PALETTE.chat}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </div>
      </figure>
      <ChartTable label="Figures per day" testId="site-analytics-days-table">
        <table>
          <caption className="visually-hidden">The site per UTC day</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Streams</th>
              <th scope="col">Peak viewers</th>
              <th scope="col">Watch time</th>
              <th scope="col">Unique viewers</th>
              <th scope="col">Messages</th>
              <th scope="col">Chatters</th>
              <th scope="col">Likes</th>
              <th scope="col">Follows</th>
              <th scope="col">Orders</th>
            </tr>
          </thead>
          <tbody>
            {[...view.days].reverse().map((row) => (
              <tr key={row.day.getTime()}>
                <th scope="row">
                  <time dateTime={row.day.toISOString().slice(0, 10)}>{day(row.day.getTime())}</time>
                </th>
                <td>{formatCount(row.streams)}</td>
                <td>{formatCount(row.peakViewers)}</td>
                <td>{formatWatchTime(row.watchSeconds)}</td>
                <td>{formatCount(row.uniqueViewers)}</td>
                <td>{formatCount(row.messages)}</td>
                <td>{formatCount(row.chatters)}</td>
                <td>{formatCount(row.likes)}</td>
                <td>{formatCount(row.follows)}</td>
                <td>{formatCount(row.orders)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartTable>
    </section>
  );
}

function TopStreams({ view }: { view: SiteAnalyticsView }) {
  return (
    <section className="mod-card analytics-section" aria-labelledby="site-top-heading">
      <h2 id="site-top-heading">Most watched streams</h2>
      {view.topStreams.length === 0 ? (
        <p className="muted">No stream was watched in this period.</p>
      ) : (
        <div className="analytics-table-scroll" role="region" aria-label="Most watched streams" tabIndex={0}>
          <table data-testid="site-analytics-top">
            <caption className="visually-hidden">The period&apos;s streams with the most watch time</caption>
            <thead>
              <tr>
                <th scope="col">Stream</th>
                <th scope="col">Creator</th>
                <th scope="col">Watch time</th>
                <th scope="col">Peak viewers</th>
                <th scope="col">Messages</th>
                <th scope="col">Orders</th>
              </tr>
            </thead>
            <tbody>
              {view.topStreams.map((stream) => (
                <tr key={stream.id}>
                  <th scope="row">
                    <Link href={`/studio/${stream.id}/analytics`}>
                      <bdi>{stream.title}</bdi>
                    </Link>
                  </th>
                  <td>
                    <Link href={`/c/${stream.owner.username}`}>
                      <bdi>{stream.owner.name ?? stream.owner.username}</bdi>
                    </Link>
                  </td>
                  <td>{formatWatchTime(stream.watchSeconds)}</td>
                  <td>{formatCount(stream.peakViewers)}</td>
                  <td>{formatCount(stream.messages)}</td>
                  <td>{formatCount(stream.orders)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
