import type { Db } from "@onair/db";
import { withoutJit } from "./no-jit";
import type { MoneyView, StreamAnalyticsSummary } from "./types";

interface TotalsRow {
  id: string;
  durationSeconds: number | null;
  peakViewers: number;
  viewerSeconds: number;
  uniqueViewers: number;
  chatMessages: number;
  chatters: number;
  likers: number;
  newFollowers: number;
  checkoutsStarted: number;
  orders: number;
  units: number;
}

/**
 * Streams' totals, computed exactly from the source tables in a few set-based
 * statements (docs/analytics.md defines each), for any number of streams at once
 * (the stream and its previous ones). Everything is clipped to each stream's live
 * interval [startedAt, endedAt or now); orders are counted by stream whenever placed.
 * A stream that never went live gets zeros (and a null duration).
 */
export async function streamTotals(db: Db, streamIds: string[], now: Date): Promise<Map<string, StreamAnalyticsSummary>> {
  if (streamIds.length === 0) return new Map();
  const [rows, revenue] = await withoutJit(
    db,
    async (tx) => [
      await tx.$queryRaw<TotalsRow[]>`
      WITH s AS (
        SELECT id, "ownerId", "startedAt" AS lo,
               GREATEST("startedAt", LEAST(COALESCE(CASE WHEN status = 'LIVE' THEN NULL ELSE "endedAt" END, ${now}::timestamp), ${now}::timestamp)) AS hi
        FROM live_streams WHERE id = ANY(${streamIds}::text[])
      ),
      spans AS (
        SELECT v."streamId", v."viewerKey",
               unnest(range_agg(tsrange(v."joinedAt", GREATEST(v."joinedAt", COALESCE(v."leftAt", s.hi)), '[)') * tsrange(s.lo, s.hi, '[)'))) AS span
        FROM viewer_sessions v JOIN s ON s.id = v."streamId"
        WHERE s.lo IS NOT NULL AND v."joinedAt" < s.hi AND (v."leftAt" IS NULL OR v."leftAt" > s.lo)
        GROUP BY v."streamId", v."viewerKey"
      ),
      watched AS (
        SELECT "streamId", count(DISTINCT "viewerKey")::int AS unique_viewers,
               sum(date_part('epoch', upper(span) - lower(span)))::float8 AS viewer_seconds
        FROM spans GROUP BY 1
      ),
      present AS (
        SELECT "streamId", sum(sum(delta)) OVER (PARTITION BY "streamId" ORDER BY at) AS viewers
        FROM (SELECT "streamId", lower(span) AS at, 1 AS delta FROM spans UNION ALL SELECT "streamId", upper(span), -1 FROM spans) changes
        GROUP BY "streamId", at
      ),
      peaks AS (SELECT "streamId", max(viewers)::int AS peak FROM present GROUP BY 1)
      SELECT s.id,
             CASE WHEN s.lo IS NULL THEN NULL ELSE round(date_part('epoch', s.hi - s.lo))::int END AS "durationSeconds",
             COALESCE(peaks.peak, 0) AS "peakViewers",
             COALESCE(watched.viewer_seconds, 0)::float8 AS "viewerSeconds",
             COALESCE(watched.unique_viewers, 0) AS "uniqueViewers",
             COALESCE(chat.messages, 0) AS "chatMessages",
             COALESCE(chat.chatters, 0) AS "chatters",
             COALESCE(liked.likers, 0) AS "likers",
             COALESCE(followed.follows, 0) AS "newFollowers",
             COALESCE(shop.checkouts, 0) AS "checkoutsStarted",
             COALESCE(sold.orders, 0) AS "orders",
             COALESCE(sold.units, 0) AS "units"
      FROM s
      LEFT JOIN watched ON watched."streamId" = s.id
      LEFT JOIN peaks ON peaks."streamId" = s.id
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS messages, count(DISTINCT c."userId")::int AS chatters
        FROM chat_messages c WHERE c."streamId" = s.id AND c.seq IS NOT NULL AND c."createdAt" >= s.lo AND c."createdAt" < s.hi
      ) chat ON true
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS likers FROM stream_likes l WHERE l."streamId" = s.id AND l."createdAt" >= s.lo AND l."createdAt" < s.hi
      ) liked ON true
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS follows FROM follows f WHERE f."channelId" = s."ownerId" AND f."createdAt" >= s.lo AND f."createdAt" < s.hi
      ) followed ON true
      LEFT JOIN LATERAL (
        SELECT sum(m."checkoutsStarted")::int AS checkouts FROM shop_metric_minutes m WHERE m."streamId" = s.id
      ) shop ON true
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS orders, COALESCE(sum(o.quantity), 0)::int AS units
        FROM orders o WHERE o."streamId" = s.id AND o.status NOT IN ('CANCELLED', 'REFUNDED')
      ) sold ON true`,
      await tx.$queryRaw<{ streamId: string; currency: string; cents: number }[]>`
      SELECT o."streamId", o.currency, sum(o."totalCents")::float8 AS cents
      FROM orders o WHERE o."streamId" = ANY(${streamIds}::text[]) AND o.status NOT IN ('CANCELLED', 'REFUNDED')
      GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
    ],
    { consistent: true },
  );
  const revenueOf = new Map<string, MoneyView[]>();
  for (const row of revenue) {
    const list = revenueOf.get(row.streamId) ?? [];
    list.push({ currency: row.currency, cents: row.cents });
    revenueOf.set(row.streamId, list);
  }
  return new Map(
    rows.map((row) => {
      const watchSeconds = Math.round(row.viewerSeconds);
      const unique = row.uniqueViewers;
      const summary: StreamAnalyticsSummary = {
        durationSeconds: row.durationSeconds,
        peakViewers: row.peakViewers,
        averageViewers: row.durationSeconds ? row.viewerSeconds / row.durationSeconds : 0,
        uniqueViewers: unique,
        watchSeconds,
        averageWatchSeconds: unique > 0 ? watchSeconds / unique : 0,
        chatMessages: row.chatMessages,
        chatters: row.chatters,
        likers: row.likers,
        chatEngagement: unique > 0 ? row.chatters / unique : null,
        likeEngagement: unique > 0 ? row.likers / unique : null,
        newFollowers: row.newFollowers,
        checkoutsStarted: row.checkoutsStarted,
        orders: row.orders,
        units: row.units,
        revenue: revenueOf.get(row.id) ?? [],
      };
      return [row.id, summary];
    }),
  );
}
