"use client";

import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { changeAgainstAverage, comparisonRows } from "./chart-data";
import { formatAverage, formatCompact, formatCount, formatDate, formatDay, formatDuration, formatPercent } from "./format";
import { PALETTE } from "./palette";
import type { StreamAnalyticsView } from "./types";
import { useTimeZone } from "./use-time-zone";

/** "+25% on your previous streams' average", "−10% …", or null when there is nothing to compare. */
function changeText(change: number | null): string | null {
  if (change === null) return null;
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  return `${sign}${formatPercent(Math.abs(change))}`;
}

/** This stream next to the owner's previous ones: average and peak viewers as bars, every figure in the table. */
export function StreamComparison({ view }: { view: StreamAnalyticsView }) {
  const timeZone = useTimeZone();
  const rows = comparisonRows(view);
  const previous = rows.filter((row) => !row.current);
  const current = rows.find((row) => row.current)!;
  const headline = [
    {
      label: "average viewers",
      change: changeAgainstAverage(
        current.averageViewers,
        previous.map((row) => row.averageViewers),
      ),
    },
    {
      label: "unique viewers",
      change: changeAgainstAverage(
        current.uniqueViewers,
        previous.map((row) => row.uniqueViewers),
      ),
    },
    {
      label: "chatters",
      change: changeAgainstAverage(
        current.chatters,
        previous.map((row) => row.chatters),
      ),
    },
  ].filter((entry) => entry.change !== null);
  const chartRows = rows.map((row) => ({
    ...row,
    name: row.current ? "This stream" : row.startedAt ? formatDay(row.startedAt.getTime(), timeZone) : row.title,
  }));

  return (
    <section className="studio-panel analytics-section" aria-labelledby="analytics-comparison-heading" data-testid="analytics-comparison">
      <h2 id="analytics-comparison-heading">Compared with your previous streams</h2>
      {previous.length === 0 ? (
        <p className="muted" data-testid="analytics-comparison-empty">
          This is your first stream that went live: there is nothing to compare it with yet.
        </p>
      ) : (
        <>
          {headline.length > 0 ? (
            <ul className="analytics-changes" aria-label="This stream against the average of your previous ones">
              {headline.map((entry) => (
                <li key={entry.label} className={entry.change! >= 0 ? "analytics-change-up" : "analytics-change-down"}>
                  <strong>{changeText(entry.change)}</strong> {entry.label}
                </li>
              ))}
            </ul>
          ) : null}
          <figure className="analytics-figure">
            <figcaption className="muted">Average and peak viewers, oldest stream first.</figcaption>
            <div className="analytics-chart analytics-chart-short" data-testid="analytics-comparison-chart">
              <BarChart
                data={chartRows}
                responsive
                style={{ width: "100%", height: "100%" }}
                margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
                title="Average and peak viewers per stream"
              >
                <CartesianGrid stroke={PALETTE.grid} vertical={false} />
                <XAxis dataKey="name" stroke={PALETTE.axis} tick={{ fill: PALETTE.axis, fontSize: 12 }} interval={0} />
                <YAxis
                  allowDecimals={false}
                  tickFormatter={formatCompact}
                  stroke={PALETTE.axis}
                  tick={{ fill: PALETTE.axis, fontSize: 12 }}
                  width={36}
                />
                <Tooltip
                  contentStyle={{ background: PALETTE.tooltipBackground, border: `1px solid ${PALETTE.grid}`, borderRadius: 8 }}
                  labelStyle={{ color: PALETTE.text }}
                  cursor={{ fill: "rgba(255,255,255,0.06)" }}
                  formatter={(value) => (typeof value === "number" ? formatAverage(value) : String(value))}
                />
                <Legend wrapperStyle={{ fontSize: 13, color: PALETTE.text }} />
                <Bar dataKey="averageViewers" name="Average viewers" fill={PALETTE.viewers} isAnimationActive={false} />
                <Bar dataKey="peakViewers" name="Peak viewers" fill={PALETTE.chat} isAnimationActive={false} />
              </BarChart>
            </div>
          </figure>
          <div className="analytics-table-scroll" role="region" aria-label="Stream comparison" tabIndex={0}>
            <table data-testid="analytics-comparison-table">
              <caption className="visually-hidden">This stream and your previous streams</caption>
              <thead>
                <tr>
                  <th scope="col">Stream</th>
                  <th scope="col">Date</th>
                  <th scope="col">Length</th>
                  <th scope="col">Peak</th>
                  <th scope="col">Avg viewers</th>
                  <th scope="col">Unique</th>
                  <th scope="col">Avg watch</th>
                  <th scope="col">Chatters</th>
                  <th scope="col">Messages</th>
                  <th scope="col">New followers</th>
                  <th scope="col">Orders</th>
                </tr>
              </thead>
              <tbody>
                {[...rows].reverse().map((row) => (
                  <tr
                    key={row.id}
                    className={row.current ? "analytics-row-current" : undefined}
                    aria-current={row.current ? "page" : undefined}
                  >
                    <th scope="row">
                      {row.current ? (
                        <>
                          <bdi>{row.title}</bdi> <span className="muted">(this stream)</span>
                        </>
                      ) : (
                        <Link href={`/studio/${row.id}/analytics`}>
                          <bdi>{row.title}</bdi>
                        </Link>
                      )}
                    </th>
                    <td>{row.startedAt ? formatDate(row.startedAt.getTime(), timeZone) : "—"}</td>
                    <td>{formatDuration(row.durationSeconds)}</td>
                    <td>{formatCount(row.peakViewers)}</td>
                    <td>{formatAverage(row.averageViewers)}</td>
                    <td>{formatCount(row.uniqueViewers)}</td>
                    <td>{formatDuration(row.averageWatchSeconds)}</td>
                    <td>{formatCount(row.chatters)}</td>
                    <td>{formatCount(row.chatMessages)}</td>
                    <td>{formatCount(row.newFollowers)}</td>
                    <td>{formatCount(row.orders)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
