import type { SignedInDeps } from "../deps";
import { withoutJit } from "./no-jit";
import { takeAnalyticsRead } from "./access";
import type { AnalyticsOverviewInput } from "./schemas";
import type { MoneyView, SiteAnalyticsView, SiteDayView } from "./types";

type DayRow = Omit<SiteDayView, "day"> & { day: Date };

/** How many streams the overview ranks by watch time. */
export const TOP_STREAMS = 10;

/**
 * admin.analyticsOverview: the site over the last `days` UTC days (today
 * included, up to now). Watch time and peaks come from the collector's
 * minutes; unique viewers, chat, likes, follows and orders from their own
 * tables (orders net of cancellations and refunds). Definitions: docs/analytics.md.
 */
export async function siteAnalyticsOverview(
  deps: Pick<SignedInDeps, "db" | "actor" | "limits">,
  input: AnalyticsOverviewInput,
): Promise<SiteAnalyticsView> {
  const { db } = deps;
  await takeAnalyticsRead(deps.limits, "site", deps.actor.id);
  // until: the end of today, so rows dated later (clock skew) are in neither the days nor the totals.
  const [bounds] = await db.$queryRaw<{ from: Date; to: Date; until: Date }[]>`
    SELECT date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${input.days - 1}::int) AS "from",
           (now() AT TIME ZONE 'UTC')::timestamp(3) AS "to",
           date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day' AS "until"`;
  const { from, to, until } = bounds!;

  const [days, [totals], revenue, [liveNow], topStreams] = await withoutJit(
    db,
    async (tx) => [
      // One pass per table, grouped by day (never a scan per day).
      await tx.$queryRaw<DayRow[]>`
      WITH days AS (
        SELECT generate_series(${from}::timestamp, date_trunc('day', ${to}::timestamp), interval '1 day') AS day
      ),
      live AS (
        SELECT d.day, count(*)::int AS streams
        FROM live_streams s
        CROSS JOIN LATERAL generate_series(
          date_trunc('day', GREATEST(s."startedAt", ${from}::timestamp)),
          date_trunc('day', LEAST(COALESCE(s."endedAt", ${to}::timestamp), ${to}::timestamp)),
          interval '1 day') AS d(day)
        WHERE s."startedAt" IS NOT NULL AND s."startedAt" < ${to}::timestamp AND COALESCE(s."endedAt", ${to}::timestamp) >= ${from}::timestamp
        GROUP BY 1
      ),
      minutes AS (
        SELECT date_trunc('day', minute) AS day, max("viewersMax")::int AS peak, sum("watchSeconds")::int AS watch
        FROM stream_metric_minutes WHERE minute >= ${from}::timestamp AND minute < ${until}::timestamp GROUP BY 1
      ),
      viewers AS (
        SELECT d.day, count(DISTINCT v."viewerKey")::int AS viewers
        FROM viewer_sessions v
        CROSS JOIN LATERAL generate_series(
          date_trunc('day', GREATEST(v."joinedAt", ${from}::timestamp)),
          date_trunc('day', LEAST(COALESCE(v."leftAt", ${to}::timestamp), ${to}::timestamp)),
          interval '1 day') AS d(day)
        WHERE v."joinedAt" < ${to}::timestamp AND (v."leftAt" IS NULL OR v."leftAt" >= ${from}::timestamp)
        GROUP BY 1
      ),
      chat AS (
        SELECT date_trunc('day', "createdAt") AS day, count(*)::int AS messages, count(DISTINCT "userId")::int AS chatters
        FROM chat_messages WHERE seq IS NOT NULL AND "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp GROUP BY 1
      ),
      liked AS (
        SELECT date_trunc('day', "createdAt") AS day, count(*)::int AS likes FROM stream_likes WHERE "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp GROUP BY 1
      ),
      followed AS (
        SELECT date_trunc('day', "createdAt") AS day, count(*)::int AS follows FROM follows WHERE "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp GROUP BY 1
      ),
      sold AS (
        SELECT date_trunc('day', "createdAt") AS day, count(*)::int AS orders
        FROM orders WHERE "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp AND status NOT IN ('CANCELLED', 'REFUNDED') GROUP BY 1
      )
      SELECT days.day,
             COALESCE(live.streams, 0) AS streams,
             COALESCE(minutes.peak, 0) AS "peakViewers",
             COALESCE(minutes.watch, 0) AS "watchSeconds",
             COALESCE(viewers.viewers, 0) AS "uniqueViewers",
             COALESCE(chat.messages, 0) AS messages,
             COALESCE(chat.chatters, 0) AS chatters,
             COALESCE(liked.likes, 0) AS likes,
             COALESCE(followed.follows, 0) AS follows,
             COALESCE(sold.orders, 0) AS orders
      FROM days
      LEFT JOIN live USING (day)
      LEFT JOIN minutes USING (day)
      LEFT JOIN viewers USING (day)
      LEFT JOIN chat USING (day)
      LEFT JOIN liked USING (day)
      LEFT JOIN followed USING (day)
      LEFT JOIN sold USING (day)
      ORDER BY days.day`,
      // Over the whole period: distinct streams, viewers and chatters are not sums of days.
      await tx.$queryRaw<Omit<SiteDayView, "day">[]>`
      SELECT
        (SELECT count(*)::int FROM live_streams s
          WHERE s."startedAt" IS NOT NULL AND s."startedAt" < ${to}::timestamp
            AND COALESCE(s."endedAt", ${to}::timestamp) >= ${from}::timestamp) AS streams,
        (SELECT COALESCE(max("viewersMax"), 0)::int FROM stream_metric_minutes WHERE minute >= ${from}::timestamp AND minute < ${until}::timestamp) AS "peakViewers",
        (SELECT COALESCE(sum("watchSeconds"), 0)::int FROM stream_metric_minutes WHERE minute >= ${from}::timestamp AND minute < ${until}::timestamp) AS "watchSeconds",
        (SELECT count(DISTINCT "viewerKey")::int FROM viewer_sessions
          WHERE "joinedAt" < ${to}::timestamp AND ("leftAt" IS NULL OR "leftAt" >= ${from}::timestamp)) AS "uniqueViewers",
        (SELECT count(*)::int FROM chat_messages WHERE seq IS NOT NULL AND "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp) AS messages,
        (SELECT count(DISTINCT "userId")::int FROM chat_messages WHERE seq IS NOT NULL AND "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp) AS chatters,
        (SELECT count(*)::int FROM stream_likes WHERE "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp) AS likes,
        (SELECT count(*)::int FROM follows WHERE "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp) AS follows,
        (SELECT count(*)::int FROM orders WHERE "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp AND status NOT IN ('CANCELLED', 'REFUNDED')) AS orders`,
      await tx.$queryRaw<MoneyView[]>`
      SELECT currency, sum("totalCents")::float8 AS cents FROM orders
      WHERE "createdAt" >= ${from}::timestamp AND "createdAt" < ${until}::timestamp AND status NOT IN ('CANCELLED', 'REFUNDED')
      GROUP BY currency ORDER BY cents DESC, currency`,
      await tx.$queryRaw<{ streams: number; viewers: number }[]>`
      SELECT count(*)::int AS streams, COALESCE(sum("viewerCount"), 0)::int AS viewers FROM live_streams WHERE status = 'LIVE'`,
      await tx.$queryRaw<
        Array<{
          id: string;
          slug: string;
          title: string;
          ownerId: string;
          username: string;
          name: string | null;
          peakViewers: number;
          watchSeconds: number;
          messages: number;
          orders: number;
        }>
      >`
      WITH ranked AS (
        SELECT "streamId", max("viewersMax")::int AS "peakViewers", sum("watchSeconds")::int AS "watchSeconds", sum(messages)::int AS messages
        FROM stream_metric_minutes WHERE minute >= ${from}::timestamp AND minute < ${until}::timestamp
        GROUP BY "streamId" ORDER BY 3 DESC, 1 LIMIT ${TOP_STREAMS}
      )
      SELECT s.id, s.slug, s.title, u.id AS "ownerId", u.username, u.name,
             r."peakViewers", r."watchSeconds", r.messages,
             (SELECT count(*)::int FROM orders o
               WHERE o."streamId" = s.id AND o."createdAt" >= ${from}::timestamp AND o."createdAt" < ${until}::timestamp AND o.status NOT IN ('CANCELLED', 'REFUNDED')) AS orders
      FROM ranked r JOIN live_streams s ON s.id = r."streamId" JOIN users u ON u.id = s."ownerId"
      ORDER BY r."watchSeconds" DESC, s.id`,
    ],
    { consistent: true },
  );
  return {
    from,
    to,
    days,
    totals: totals!,
    revenue,
    liveNow: liveNow!,
    topStreams: topStreams.map(({ ownerId, username, name, ...stream }) => ({ ...stream, owner: { id: ownerId, username, name } })),
  };
}
