"use client";

import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "../shop/seller/money";
import { ChartTable } from "./chart-table";
import { MINUTE_MS, missingMinutes, momentMarkers, momentTone, timelineDomain, timelineRows } from "./chart-data";
import { formatAverage, formatClock, formatCompact, formatCount } from "./format";
import { PALETTE } from "./palette";
import type { StreamAnalyticsView } from "./types";
import { useTimeZone } from "./use-time-zone";

const SERIES_NAMES = { viewers: "Viewers (average)", messages: "Chat messages per minute", orders: "Orders per minute" } as const;

/**
 * The stream's one timeline: viewers (area, left axis), chat rate (line, right axis) and orders
 * (bars, their own hidden scale) per minute, with the moments that may have moved them marked by
 * number and listed below. The same figures are in the table behind it.
 */
export function TimelineChart({ view }: { view: StreamAnalyticsView }) {
  const timeZone = useTimeZone();
  const rows = timelineRows(view.series);
  const markers = momentMarkers(view.moments);
  const domain = timelineDomain(rows, markers);
  const gaps = missingMinutes(rows);
  // Each minute is drawn at its middle, so a moment at 18:51:00 sits at the start of the 18:51 bar.
  const chartRows = rows.map((row) => ({ ...row, mid: row.t + MINUTE_MS / 2 }));
  const clock = (ms: number) => formatClock(ms, timeZone);
  const zoneNote = timeZone === "UTC" ? " (UTC)" : "";
  // Bars narrow as minutes add up; about 600 px of plot for the whole stream.
  const barSize = Math.max(2, Math.min(12, Math.floor(600 / Math.max(rows.length, 1)) - 1));

  return (
    <section className="studio-panel analytics-section" aria-labelledby="analytics-timeline-heading" data-testid="analytics-timeline">
      <h2 id="analytics-timeline-heading">Timeline</h2>
      {rows.length === 0 || !domain ? (
        <p className="muted" data-testid="analytics-timeline-empty">
          No minutes collected yet: the timeline starts with the first full minute live.
        </p>
      ) : (
        <>
          <figure className="analytics-figure">
            <figcaption className="muted">
              Per minute{zoneNote}: average viewers, chat messages and orders. Numbers mark the moments listed below.
              {gaps > 0 ? ` ${gaps} ${gaps === 1 ? "minute has" : "minutes have"} no data (a break in the lines).` : ""}
            </figcaption>
            <div className="analytics-chart" data-testid="analytics-timeline-chart">
              <ComposedChart
                data={chartRows}
                responsive
                style={{ width: "100%", height: "100%" }}
                margin={{ top: 18, right: 4, bottom: 0, left: 0 }}
                title="Viewers, chat rate and orders per minute"
              >
                <CartesianGrid stroke={PALETTE.grid} vertical={false} />
                <XAxis
                  dataKey="mid"
                  type="number"
                  scale="time"
                  domain={domain}
                  tickFormatter={clock}
                  stroke={PALETTE.axis}
                  tick={{ fill: PALETTE.axis, fontSize: 12 }}
                  minTickGap={28}
                />
                <YAxis
                  yAxisId="viewers"
                  allowDecimals={false}
                  tickFormatter={formatCompact}
                  stroke={PALETTE.viewers}
                  tick={{ fill: PALETTE.viewers, fontSize: 12 }}
                  width={36}
                />
                <YAxis
                  yAxisId="chat"
                  orientation="right"
                  allowDecimals={false}
                  tickFormatter={formatCompact}
                  stroke={PALETTE.chat}
                  tick={{ fill: PALETTE.chat, fontSize: 12 }}
                  width={36}
                />
                <YAxis yAxisId="sales" hide allowDecimals={false} domain={[0, (max: number) => Math.max(1, max) * 3]} />
                <Tooltip
                  contentStyle={{ background: PALETTE.tooltipBackground, border: `1px solid ${PALETTE.grid}`, borderRadius: 8 }}
                  labelStyle={{ color: PALETTE.text }}
                  labelFormatter={(label) => (typeof label === "number" ? clock(label) : "")}
                  formatter={(value) => (typeof value === "number" ? formatAverage(value) : "no data")}
                />
                <Legend wrapperStyle={{ fontSize: 13, color: PALETTE.text }} />
                <Bar
                  yAxisId="sales"
                  dataKey="orders"
                  name={SERIES_NAMES.orders}
                  fill={PALETTE.sales}
                  barSize={barSize}
                  isAnimationActive={false}
                />
                <Area
                  yAxisId="viewers"
                  dataKey="viewers"
                  name={SERIES_NAMES.viewers}
                  type="linear"
                  stroke={PALETTE.viewers}
                  strokeWidth={2}
                  fill={PALETTE.viewers}
                  fillOpacity={0.18}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="chat"
                  dataKey="messages"
                  name={SERIES_NAMES.messages}
                  type="linear"
                  stroke={PALETTE.chat}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
                {markers.map((marker) => (
                  <ReferenceLine
                    key={marker.n}
                    yAxisId="viewers"
                    x={marker.t}
                    stroke={PALETTE.moment[momentTone(marker.kind)]}
                    strokeDasharray="4 3"
                    label={{ value: String(marker.n), position: "top", fill: PALETTE.moment[momentTone(marker.kind)], fontSize: 12 }}
                  />
                ))}
              </ComposedChart>
            </div>
          </figure>
          {markers.length > 0 ? (
            <div>
              <h3 id="analytics-moments-heading">Moments</h3>
              <ol className="analytics-moments" aria-labelledby="analytics-moments-heading" data-testid="analytics-moments">
                {markers.map((marker) => (
                  <li key={marker.n} className={`analytics-moment analytics-moment-${momentTone(marker.kind)}`}>
                    <span className="analytics-moment-number" aria-hidden>
                      {marker.n}
                    </span>
                    <time dateTime={new Date(marker.t).toISOString()}>{clock(marker.t)}</time> <bdi>{marker.label}</bdi>
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
          <ChartTable label="Per-minute figures" testId="analytics-timeline-table">
            <table>
              <caption className="visually-hidden">The stream per minute{zoneNote}</caption>
              <thead>
                <tr>
                  <th scope="col">Minute{zoneNote}</th>
                  <th scope="col">Viewers (avg)</th>
                  <th scope="col">Viewers (max)</th>
                  <th scope="col">Unique</th>
                  <th scope="col">Messages</th>
                  <th scope="col">Chatters</th>
                  <th scope="col">Likes</th>
                  <th scope="col">Follows</th>
                  <th scope="col">Orders</th>
                  <th scope="col">Revenue{view.seriesCurrency ? ` (${view.seriesCurrency})` : ""}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.t}>
                    <th scope="row">
                      <time dateTime={new Date(row.t).toISOString()}>{clock(row.t)}</time>
                    </th>
                    {row.viewers === null ? (
                      <td colSpan={9} className="muted">
                        No data for this minute
                      </td>
                    ) : (
                      <>
                        <td>{formatAverage(row.viewers)}</td>
                        <td>{formatCount(row.viewersMax ?? 0)}</td>
                        <td>{formatCount(row.uniqueViewers ?? 0)}</td>
                        <td>{formatCount(row.messages ?? 0)}</td>
                        <td>{formatCount(row.chatters ?? 0)}</td>
                        <td>{formatCount(row.likes ?? 0)}</td>
                        <td>{formatCount(row.follows ?? 0)}</td>
                        <td>{formatCount(row.orders ?? 0)}</td>
                        <td>{view.seriesCurrency ? formatMoney(row.revenueCents ?? 0, view.seriesCurrency) : "—"}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ChartTable>
        </>
      )}
    </section>
  );
}
