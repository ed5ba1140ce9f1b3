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
  const [bounds] = await db.$queryRaw<{ from: Date; to: Date }[]>`
    SELECT date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${input.days - 1}::int) AS "from",
           (now() AT TIME ZONE 'UTC')::timestamp(3) AS "to"`;
  const { from, to } = bounds!;

  const [days, [totals], revenue, [liveNow], topStreams] = await withoutJit(db, async (tx) => [
    await tx.$queryRaw<DayRow[]>`
      WITH days AS (
        SELECT generate_series(${from}::timestamp, date_trunc('day', ${to}::timestamp), interval '1 day') AS day
      )
      SELECT d.day,
        (SELECT count(*)::int FROM live_streams s
          WHERE s."startedAt" < d.day + interval '1 day' AND COALESCE(s."endedAt", ${to}::timestamp) >= d.day
            AND s."startedAt" IS NOT NULL AND (s.status = 'LIVE' OR s."endedAt" IS NOT NULL)) AS streams,
        COALESCE(mm."peakViewers", 0) AS "peakViewers",
        COALESCE(mm."watchSeconds", 0) AS "watchSeconds",
        (SELECT count(DISTINCT v."viewerKey")::int FROM viewer_sessions v
          WHERE v."joinedAt" < d.day + interval '1 day' AND (v."leftAt" IS NULL OR v."leftAt" >= d.day)) AS "uniqueViewers",
        COALESCE(chat.messages, 0) AS messages,
        COALESCE(chat.chatters, 0) AS chatters,
        (SELECT count(*)::int FROM stream_likes l WHERE l."createdAt" >= d.day AND l."createdAt" < d.day + interval '1 day') AS likes,
        (SELECT count(*)::int FROM follows f WHERE f."createdAt" >= d.day AND f."createdAt" < d.day + interval '1 day') AS follows,
        (SELECT count(*)::int FROM orders o
          WHERE o."createdAt" >= d.day AND o."createdAt" < d.day + interval '1 day' AND o.status NOT IN ('CANCELLED', 'REFUNDED')) AS orders
      FROM days d
      LEFT JOIN LATERAL (
        SELECT max(m."viewersMax")::int AS "peakViewers", sum(m."watchSeconds")::int AS "watchSeconds"
        FROM stream_metric_minutes m WHERE m.minute >= d.day AND m.minute < d.day + interval '1 day'
      ) mm ON true
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS messages, count(DISTINCT c."userId")::int AS chatters
        FROM chat_messages c WHERE c.seq IS NOT NULL AND c."createdAt" >= d.day AND c."createdAt" < d.day + interval '1 day'
      ) chat ON true
      ORDER BY d.day`,
    // Over the whole period: distinct streams, viewers and chatters are not sums of days.
    await tx.$queryRaw<Omit<SiteDayView, "day">[]>`
      SELECT
        (SELECT count(*)::int FROM live_streams s
          WHERE s."startedAt" < ${to}::timestamp AND COALESCE(s."endedAt", ${to}::timestamp) >= ${from}::timestamp
            AND s."startedAt" IS NOT NULL AND (s.status = 'LIVE' OR s."endedAt" IS NOT NULL)) AS streams,
        (SELECT COALESCE(max("viewersMax"), 0)::int FROM stream_metric_minutes WHERE minute >= ${from}::timestamp) AS "peakViewers",
        (SELECT COALESCE(sum("watchSeconds"), 0)::int FROM stream_metric_minutes WHERE minute >= ${from}::timestamp) AS "watchSeconds",
        (SELECT count(DISTINCT "viewerKey")::int FROM viewer_sessions
          WHERE "joinedAt" < ${to}::timestamp AND ("leftAt" IS NULL OR "leftAt" >= ${from}::timestamp)) AS "uniqueViewers",
        (SELECT count(*)::int FROM chat_messages WHERE seq IS NOT NULL AND "createdAt" >= ${from}::timestamp) AS messages,
        (SELECT count(DISTINCT "userId")::int FROM chat_messages WHERE seq IS NOT NULL AND "createdAt" >= ${from}::timestamp) AS chatters,
        (SELECT count(*)::int FROM stream_likes WHERE "createdAt" >= ${from}::timestamp) AS likes,
        (SELECT count(*)::int FROM follows WHERE "createdAt" >= ${from}::timestamp) AS follows,
        (SELECT count(*)::int FROM orders WHERE "createdAt" >= ${from}::timestamp AND status NOT IN ('CANCELLED', 'REFUNDED')) AS orders`,
    await tx.$queryRaw<MoneyView[]>`
      SELECT currency, sum("totalCents")::float8 AS cents FROM orders
      WHERE "createdAt" >= ${from}::timestamp AND status NOT IN ('CANCELLED', 'REFUNDED')
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
        FROM stream_metric_minutes WHERE minute >= ${from}::timestamp
        GROUP BY "streamId" ORDER BY 3 DESC, 1 LIMIT ${TOP_STREAMS}
      )
      SELECT s.id, s.slug, s.title, u.id AS "ownerId", u.username, u.name,
             r."peakViewers", r."watchSeconds", r.messages,
             (SELECT count(*)::int FROM orders o
               WHERE o."streamId" = s.id AND o."createdAt" >= ${from}::timestamp AND o.status NOT IN ('CANCELLED', 'REFUNDED')) AS orders
      FROM ranked r JOIN live_streams s ON s.id = r."streamId" JOIN users u ON u.id = s."ownerId"
      ORDER BY r."watchSeconds" DESC, s.id`,
  ]);
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
