import type { DbOrTx } from "@onair/db";
import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";
import { takeAnalyticsRead } from "./access";
import { streamMoments } from "./moments";
import { streamTotals } from "./totals";
import type { MetricMinuteView, StreamAnalyticsView, StreamComparisonRow } from "./types";

/** The series holds at most the last this many minutes (48 hours); the CSV export has every minute. */
export const MAX_SERIES_MINUTES = 2_880;
/** Previous streams of the owner in the comparison. */
export const PREVIOUS_STREAMS = 5;

type AnalyticsDeps = Pick<StreamDeps, "db" | "stream" | "actor" | "limits">;

interface MinuteRow extends Omit<MetricMinuteView, "revenueCents"> {
  revenueCents: number;
}

/**
 * A stream's minutes [from, to) as collected (at most `limit`), each with its shopping figures
 * (shop_metric_minutes summed over products; revenue only in `currency`), oldest first.
 */
export function seriesMinutes(
  db: DbOrTx,
  streamId: string,
  range: { from: Date | null; to: Date | null; currency: string | null; limit: number; oldestFirst?: boolean },
): Promise<MinuteRow[]> {
  return db.$queryRaw<MinuteRow[]>`
    SELECT m.minute, m."viewersAvg", m."viewersMax", m."uniqueViewers", m."watchSeconds", m.messages, m.chatters, m.likes, m.follows,
           COALESCE(shop."checkoutsStarted", 0) AS "checkoutsStarted", COALESCE(shop.orders, 0) AS orders,
           COALESCE(shop.units, 0) AS units, COALESCE(shop."revenueCents", 0) AS "revenueCents"
    FROM (
      SELECT * FROM stream_metric_minutes
      WHERE "streamId" = ${streamId}
        AND (${range.from}::timestamp IS NULL OR minute >= ${range.from}::timestamp)
        AND (${range.to}::timestamp IS NULL OR minute < ${range.to}::timestamp)
      -- The newest \`limit\` minutes, or (oldestFirst, for paging) the oldest from \`from\`.
      ORDER BY CASE WHEN ${range.oldestFirst ?? false}::boolean THEN minute END ASC, minute DESC
      LIMIT ${range.limit}
    ) m
    LEFT JOIN LATERAL (
      SELECT sum(s."checkoutsStarted")::int AS "checkoutsStarted", sum(s.orders)::int AS orders, sum(s.units)::int AS units,
             COALESCE(sum(s."revenueCents") FILTER (WHERE s.currency = ${range.currency}), 0)::float8 AS "revenueCents"
      FROM shop_metric_minutes s WHERE s."streamId" = ${streamId} AND s.minute = m.minute
    ) shop ON true
    ORDER BY m.minute`;
}

/** The currency a stream sold most in (by revenue), for the series; null without sales. */
export async function seriesCurrency(db: DbOrTx, streamId: string): Promise<string | null> {
  const [row] = await db.$queryRaw<{ currency: string }[]>`
    SELECT currency FROM shop_metric_minutes WHERE "streamId" = ${streamId} AND "revenueCents" > 0
    GROUP BY currency ORDER BY sum("revenueCents") DESC, currency LIMIT 1`;
  return row?.currency ?? null;
}

async function databaseNow(db: DbOrTx): Promise<Date> {
  const [row] = await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return row!.now;
}

/**
 * stream.analytics: the summary (exact, from the source tables), the per-minute
 * series (as the collector wrote it), the moments and the owner's previous
 * streams. The procedure has checked the caller may read it (assertAnalyticsReader).
 */
export async function streamAnalytics(deps: AnalyticsDeps, _input: { streamId: string }): Promise<StreamAnalyticsView> {
  const { db } = deps;
  await takeAnalyticsRead(deps.limits, "stream", deps.actor.id);
  const stream = await db.liveStream.findUnique({
    where: { id: deps.stream.id },
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      ownerId: true,
      startedAt: true,
      endedAt: true,
      metricCursor: { select: { through: true } },
    },
  });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  const now = await databaseNow(db);
  const previousStreams = await db.liveStream.findMany({
    where: { ownerId: stream.ownerId, id: { not: stream.id }, startedAt: { not: null, lt: stream.startedAt ?? now } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: PREVIOUS_STREAMS,
    select: { id: true, slug: true, title: true, startedAt: true, endedAt: true },
  });
  const currency = await seriesCurrency(db, stream.id);
  const [totals, series, moments] = await Promise.all([
    streamTotals(db, [stream.id, ...previousStreams.map((previous) => previous.id)], now),
    seriesMinutes(db, stream.id, { from: null, to: null, currency, limit: MAX_SERIES_MINUTES }),
    streamMoments(db, stream, now),
  ]);
  const previous: StreamComparisonRow[] = previousStreams.map((row) => {
    const summary = totals.get(row.id)!;
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      startedAt: row.startedAt!,
      endedAt: row.endedAt,
      durationSeconds: summary.durationSeconds ?? 0,
      peakViewers: summary.peakViewers,
      averageViewers: summary.averageViewers,
      uniqueViewers: summary.uniqueViewers,
      averageWatchSeconds: summary.averageWatchSeconds,
      chatters: summary.chatters,
      chatMessages: summary.chatMessages,
      newFollowers: summary.newFollowers,
      orders: summary.orders,
    };
  });
  const { ownerId: _ownerId, metricCursor, ...streamView } = stream;
  return {
    stream: streamView,
    series,
    seriesCurrency: currency,
    collectedThrough: metricCursor?.through ?? null,
    summary: totals.get(stream.id)!,
    moments,
    previous,
  };
}
