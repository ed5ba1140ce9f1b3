import type { Db, DbOrTx } from "@onair/db";
import { jitOff } from "./no-jit";

/** A minute is collected once it is this far in the past, so writes still committing for it are in. */
export const COLLECT_LAG_SECONDS = 30;
/** Minutes written per stream and transaction (each transaction holds one stream's cursor). */
export const MINUTES_PER_BATCH = 60;
/** Ended streams are still collected (caught up) for this long after their end. */
export const ENDED_LOOKBACK_DAYS = 30;

export interface CollectInput {
  /** Default: the database's clock. Tests pass a fixed moment. */
  now?: Date;
  lagSeconds?: number;
  minutesPerBatch?: number;
  /** At most this many batches (transactions) per run; what is left waits for the next run. */
  maxBatches?: number;
  /** Stop starting batches after this many milliseconds (the job's run stays well under its expiry). */
  budgetMs?: number;
}

export interface CollectResult {
  /** Batches committed (one stream's consecutive minutes each). */
  batches: number;
  /** Minute rows this run inserted. */
  minutes: number;
  /** False when the run stopped on its budget with streams still behind. */
  caughtUp: boolean;
}

/**
 * The analytics collector (the `analytics.collect` job, once a minute across
 * every instance): writes stream_metric_minutes for every live or recently
 * ended stream, minute by minute from its cursor up to now − lag (or the
 * stream's end), one stream and at most `minutesPerBatch` minutes per
 * transaction. The stream's cursor row is locked FOR UPDATE SKIP LOCKED and
 * advanced in the same transaction as the rows (INSERT … ON CONFLICT DO
 * NOTHING), so any number of collectors running at once write each minute
 * once, a crash loses nothing (the transaction rolls back and the next run
 * redoes it), and a collector that was down catches up, bounded per run.
 * Definitions of every figure: docs/analytics.md.
 */
export async function collectStreamMetrics(deps: { db: Db }, input: CollectInput = {}): Promise<CollectResult> {
  const { db } = deps;
  const now = input.now ?? (await databaseNow(db));
  const lagSeconds = input.lagSeconds ?? COLLECT_LAG_SECONDS;
  const minutesPerBatch = input.minutesPerBatch ?? MINUTES_PER_BATCH;
  const maxBatches = input.maxBatches ?? 500;
  const deadline = Date.now() + (input.budgetMs ?? 40_000);

  // Every due stream gets a cursor at the start of the minute it went live.
  await db.$executeRaw`
    INSERT INTO stream_metric_cursors ("streamId", through, "updatedAt")
    SELECT s.id, date_trunc('minute', s."startedAt"), now()
    FROM live_streams s
    WHERE s."startedAt" IS NOT NULL
      AND s."startedAt" < ${now}::timestamp - make_interval(secs => ${lagSeconds}::int)
      AND (s.status = 'LIVE' OR (s.status = 'ENDED' AND s."endedAt" > ${now}::timestamp - make_interval(days => ${ENDED_LOOKBACK_DAYS}::int)))
    ON CONFLICT ("streamId") DO NOTHING`;

  let batches = 0;
  let minutes = 0;
  for (;;) {
    if (batches >= maxBatches || Date.now() >= deadline) {
      return { batches, minutes, caughtUp: !(await anyStreamBehind(db, now, lagSeconds)) };
    }
    const written = await db.$transaction((tx) => collectOneBatch(tx, now, lagSeconds, minutesPerBatch), { timeout: 60_000 });
    if (written === null) return { batches, minutes, caughtUp: true };
    batches += 1;
    minutes += written;
  }
}

async function databaseNow(db: DbOrTx): Promise<Date> {
  const [row] = await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return row!.now;
}

interface DueCursor {
  streamId: string;
  ownerId: string;
  through: Date;
  target: Date;
  liveFrom: Date;
  liveTo: Date;
}

/**
 * Takes one stream that is behind (the least recently advanced first, so every
 * stream moves along even while one catches up), writes its next minutes and
 * advances its cursor. Null when no stream is behind (or every one that is is
 * being written by another collector).
 */
async function collectOneBatch(tx: DbOrTx, now: Date, lagSeconds: number, minutesPerBatch: number): Promise<number | null> {
  // target: where the stream's minutes stop for now: the last closed minute (now − lag), or the end of the minute it ended in.
  const [due] = await tx.$queryRaw<DueCursor[]>`
    SELECT c."streamId", s."ownerId", c.through, t.target,
           s."startedAt" AS "liveFrom",
           LEAST(COALESCE(CASE WHEN s.status = 'LIVE' THEN NULL ELSE s."endedAt" END, 'infinity'), ${now}::timestamp) AS "liveTo"
    FROM stream_metric_cursors c
    JOIN live_streams s ON s.id = c."streamId"
    CROSS JOIN LATERAL (
      SELECT LEAST(
        date_trunc('minute', ${now}::timestamp - make_interval(secs => ${lagSeconds}::int)),
        CASE WHEN s.status = 'LIVE' OR s."endedAt" IS NULL THEN 'infinity'::timestamp
             ELSE date_trunc('minute', s."endedAt") + CASE WHEN s."endedAt" > date_trunc('minute', s."endedAt") THEN interval '1 minute' ELSE interval '0' END
        END
      ) AS target
    ) t
    WHERE s."startedAt" IS NOT NULL
      AND (s.status = 'LIVE' OR (s.status = 'ENDED' AND s."endedAt" > ${now}::timestamp - make_interval(days => ${ENDED_LOOKBACK_DAYS}::int)))
      AND c.through < t.target
    ORDER BY c."updatedAt", c."streamId"
    LIMIT 1
    FOR UPDATE OF c SKIP LOCKED`;
  if (!due) return null;
  const to = new Date(Math.min(due.target.getTime(), due.through.getTime() + minutesPerBatch * 60_000));
  await jitOff(tx);
  const inserted = await writeMinutes(tx, { ...due, from: due.through, to });
  await tx.$executeRaw`UPDATE stream_metric_cursors SET through = ${to}::timestamp, "updatedAt" = now() WHERE "streamId" = ${due.streamId}`;
  return inserted;
}

/** Whether some stream's minutes are still due (after a run stopped on its budget). */
async function anyStreamBehind(db: DbOrTx, now: Date, lagSeconds: number): Promise<boolean> {
  const [row] = await db.$queryRaw<{ behind: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM stream_metric_cursors c JOIN live_streams s ON s.id = c."streamId"
      WHERE (s.status = 'LIVE' OR (s.status = 'ENDED' AND s."endedAt" > ${now}::timestamp - make_interval(days => ${ENDED_LOOKBACK_DAYS}::int)))
        AND c.through < LEAST(
          date_trunc('minute', ${now}::timestamp - make_interval(secs => ${lagSeconds}::int)),
          CASE WHEN s.status = 'LIVE' OR s."endedAt" IS NULL THEN 'infinity'::timestamp ELSE s."endedAt" END)
    ) AS behind`;
  return row!.behind;
}

/**
 * Computes and inserts the minutes [from, to) of one stream, set-based in one
 * statement. Everything is clipped to the stream's live interval
 * [liveFrom, liveTo). Viewers: each viewer's sessions (several instances can
 * hold one viewer at once) are merged into disjoint spans (range_agg), so a
 * viewer counts once however many sessions they had.
 */
async function writeMinutes(
  tx: DbOrTx,
  w: { streamId: string; ownerId: string; liveFrom: Date; liveTo: Date; from: Date; to: Date; through: Date },
): Promise<number> {
  return tx.$executeRaw`
    WITH win AS (
      SELECT GREATEST(${w.from}::timestamp, ${w.liveFrom}::timestamp) AS lo,
             LEAST(${w.to}::timestamp, ${w.liveTo}::timestamp) AS hi
    ),
    minutes AS (
      SELECT generate_series(${w.from}::timestamp, ${w.to}::timestamp - interval '1 minute', interval '1 minute') AS minute
    ),
    spans AS (
      SELECT v."viewerKey",
             unnest(range_agg(tsrange(v."joinedAt", GREATEST(v."joinedAt", COALESCE(v."leftAt", win.hi)), '[)') * tsrange(win.lo, win.hi, '[)'))) AS span
      FROM viewer_sessions v, win
      WHERE v."streamId" = ${w.streamId} AND win.lo < win.hi
        AND v."joinedAt" < win.hi AND (v."leftAt" IS NULL OR v."leftAt" > win.lo)
      GROUP BY v."viewerKey"
    ),
    -- A viewer's spans are disjoint and ordered; the end of the one before says whether this span's first
    -- minute already has the viewer (so unique viewers need no DISTINCT over every watched minute).
    ordered AS (
      SELECT span, lag(upper(span)) OVER (PARTITION BY "viewerKey" ORDER BY lower(span)) AS previous_end FROM spans
    ),
    -- Each span cut into the minutes it touches (rows: the minutes actually watched, not minutes × spans).
    span_minutes AS (
      SELECT m.minute,
             date_part('epoch', LEAST(upper(o.span), m.minute + interval '1 minute') - GREATEST(lower(o.span), m.minute)) AS seconds,
             CASE WHEN m.minute = date_trunc('minute', lower(o.span))
                   AND date_trunc('minute', o.previous_end - interval '1 microsecond') = m.minute THEN 0 ELSE 1 END AS new_viewer
      FROM ordered o
      CROSS JOIN LATERAL generate_series(date_trunc('minute', lower(o.span)), upper(o.span) - interval '1 microsecond', interval '1 minute') AS m(minute)
    ),
    watched AS (
      SELECT minute, sum(new_viewer)::int AS unique_viewers, sum(seconds)::float8 AS viewer_seconds FROM span_minutes GROUP BY minute
    ),
    -- Viewers present over time: +1 where a span starts, −1 where it ends, and a 0 at each minute's start
    -- so every minute opens with the count carried into it; changes at one instant are netted.
    present AS (
      SELECT at, sum(sum(delta)) OVER (ORDER BY at) AS viewers
      FROM (
        SELECT lower(span) AS at, 1 AS delta FROM spans
        UNION ALL SELECT upper(span), -1 FROM spans
        UNION ALL SELECT minute, 0 FROM minutes
      ) changes
      GROUP BY at
    ),
    peaks AS (
      SELECT date_trunc('minute', at) AS minute, max(viewers)::int AS viewers_max
      FROM present WHERE at >= ${w.from}::timestamp AND at < ${w.to}::timestamp GROUP BY 1
    ),
    chat AS (
      SELECT date_trunc('minute', c."createdAt") AS minute, count(*)::int AS messages, count(DISTINCT c."userId")::int AS chatters
      FROM chat_messages c, win
      WHERE c."streamId" = ${w.streamId} AND c.seq IS NOT NULL AND c."createdAt" >= win.lo AND c."createdAt" < win.hi
      GROUP BY 1
    ),
    liked AS (
      SELECT date_trunc('minute', l."createdAt") AS minute, count(*)::int AS likes
      FROM stream_likes l, win
      WHERE l."streamId" = ${w.streamId} AND l."createdAt" >= win.lo AND l."createdAt" < win.hi
      GROUP BY 1
    ),
    followed AS (
      SELECT date_trunc('minute', f."createdAt") AS minute, count(*)::int AS follows
      FROM follows f, win
      WHERE f."channelId" = ${w.ownerId} AND f."createdAt" >= win.lo AND f."createdAt" < win.hi
      GROUP BY 1
    )
    INSERT INTO stream_metric_minutes
      ("streamId", minute, "viewersAvg", "viewersMax", "uniqueViewers", "watchSeconds", messages, chatters, likes, follows, "computedAt")
    SELECT ${w.streamId}, m.minute,
           COALESCE(watched.viewer_seconds, 0) / 60,
           COALESCE(peaks.viewers_max, 0),
           COALESCE(watched.unique_viewers, 0),
           round(COALESCE(watched.viewer_seconds, 0))::int,
           COALESCE(chat.messages, 0), COALESCE(chat.chatters, 0),
           COALESCE(liked.likes, 0), COALESCE(followed.follows, 0),
           now()
    FROM minutes m
    LEFT JOIN watched ON watched.minute = m.minute
    LEFT JOIN peaks ON peaks.minute = m.minute
    LEFT JOIN chat ON chat.minute = m.minute
    LEFT JOIN liked ON liked.minute = m.minute
    LEFT JOIN followed ON followed.minute = m.minute
    ON CONFLICT ("streamId", minute) DO NOTHING`;
}
