import type {
  AnalyticsMoment,
  AnalyticsMomentKind,
  MetricMinuteView,
  SiteAnalyticsView,
  StreamAnalyticsView,
  StreamComparisonRow,
} from "./types";

/**
 * The analytics views reshaped for charts and tables: plain functions, no React, unit-tested
 * (chart-data.test.ts). Times are milliseconds since the epoch (recharts) or seconds (uPlot).
 */

export const MINUTE_MS = 60_000;

/** Gaps longer than this are not filled minute by minute (a week of minutes). */
const MAX_FILLED_MINUTES = 7 * 24 * 60;

/** One minute of the timeline; null in every figure for a minute the collector has no row for. */
export interface TimelineRow {
  /** The minute's start. */
  t: number;
  viewers: number | null;
  viewersMax: number | null;
  uniqueViewers: number | null;
  messages: number | null;
  chatters: number | null;
  likes: number | null;
  follows: number | null;
  orders: number | null;
  units: number | null;
  revenueCents: number | null;
}

function rowOf(minute: MetricMinuteView): TimelineRow {
  return {
    t: minute.minute.getTime(),
    viewers: Math.round(minute.viewersAvg * 10) / 10,
    viewersMax: minute.viewersMax,
    uniqueViewers: minute.uniqueViewers,
    messages: minute.messages,
    chatters: minute.chatters,
    likes: minute.likes,
    follows: minute.follows,
    orders: minute.orders,
    units: minute.units,
    revenueCents: minute.revenueCents,
  };
}

function emptyRow(t: number): TimelineRow {
  return {
    t,
    viewers: null,
    viewersMax: null,
    uniqueViewers: null,
    messages: null,
    chatters: null,
    likes: null,
    follows: null,
    orders: null,
    units: null,
    revenueCents: null,
  };
}

/**
 * The series as one row per minute, oldest first. A minute missing between two collected ones
 * becomes a row of nulls, so the chart shows a break there instead of a line through it.
 */
export function timelineRows(series: MetricMinuteView[]): TimelineRow[] {
  const sorted = [...series].sort((a, b) => a.minute.getTime() - b.minute.getTime());
  const rows: TimelineRow[] = [];
  for (const minute of sorted) {
    const row = rowOf(minute);
    const previous = rows.at(-1);
    if (previous && row.t === previous.t) continue;
    if (previous) {
      const missing = Math.round((row.t - previous.t) / MINUTE_MS) - 1;
      if (missing > 0 && missing <= MAX_FILLED_MINUTES) {
        for (let index = 1; index <= missing; index++) rows.push(emptyRow(previous.t + index * MINUTE_MS));
      }
    }
    rows.push(row);
  }
  return rows;
}

/** How many minutes of the timeline have no data (shown next to the chart). */
export function missingMinutes(rows: TimelineRow[]): number {
  return rows.filter((row) => row.viewers === null).length;
}

/** A moment on the timeline, numbered in time order (the chart shows the number, the list below says what it was). */
export interface MomentMarker {
  n: number;
  t: number;
  kind: AnalyticsMomentKind;
  label: string;
}

export function momentMarkers(moments: AnalyticsMoment[]): MomentMarker[] {
  return [...moments]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((moment, index) => ({ n: index + 1, t: moment.at.getTime(), kind: moment.kind, label: moment.label }));
}

/** The timeline's x range: every minute and every moment (the end of a stream comes after its last closed minute). */
export function timelineDomain(rows: TimelineRow[], markers: MomentMarker[]): [number, number] | null {
  const times = [...rows.map((row) => row.t), ...rows.map((row) => row.t + MINUTE_MS), ...markers.map((marker) => marker.t)];
  if (times.length === 0) return null;
  return [Math.min(...times), Math.max(...times)];
}

/** A colour family per kind of moment, so the reader tells sales from moderation at a glance. */
export function momentTone(kind: AnalyticsMomentKind): "stream" | "shop" | "moderation" {
  switch (kind) {
    case "STREAM_STARTED":
    case "STREAM_ENDED":
      return "stream";
    case "PRODUCT_PIN":
    case "PRODUCT_UNPIN":
    case "FLASH_SALE_START":
    case "FLASH_SALE_STOP":
      return "shop";
    case "SHIELD_ON":
    case "SHIELD_OFF":
      return "moderation";
  }
}

/** One stream in the comparison (this one and the owner's previous ones), oldest first as the chart reads. */
export interface ComparisonRow extends Omit<StreamComparisonRow, "startedAt" | "endedAt"> {
  startedAt: Date | null;
  current: boolean;
}

export function comparisonRows(view: StreamAnalyticsView): ComparisonRow[] {
  const { stream, summary } = view;
  const current: ComparisonRow = {
    id: stream.id,
    slug: stream.slug,
    title: stream.title,
    startedAt: stream.startedAt,
    current: true,
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
  const previous = view.previous
    .filter((row) => row.id !== stream.id)
    .map(({ endedAt: _endedAt, ...row }): ComparisonRow => ({ ...row, current: false }));
  return [...previous.reverse(), current];
}

/** This stream against the average of the previous ones: +25% means 25% above. Null without previous streams or a zero average. */
export function changeAgainstAverage(current: number, previous: number[]): number | null {
  if (previous.length === 0) return null;
  const average = previous.reduce((sum, value) => sum + value, 0) / previous.length;
  if (average === 0) return null;
  return (current - average) / average;
}

// ---------- the live chart (uPlot: seconds on x, one array per series) ----------

/** A viewer count seen live (stream.stats), between collected minutes. */
export interface LivePoint {
  t: number;
  viewers: number;
}

/** Live points kept in the browser at most (a point every few seconds: over half an hour). */
export const MAX_LIVE_POINTS = 600;

/** Adds a live reading: one per timestamp (the newer wins), in time order, the oldest dropped beyond `max`. */
export function appendLivePoint(points: LivePoint[], point: LivePoint, max = MAX_LIVE_POINTS): LivePoint[] {
  const last = points.at(-1);
  if (last && point.t < last.t) return points;
  const kept = last && last.t === point.t ? points.slice(0, -1) : points;
  const next = [...kept, point];
  return next.length > max ? next.slice(next.length - max) : next;
}

export type LiveChartData = [xs: number[], viewers: (number | null)[]];

/**
 * The live chart's data: each collected minute at its middle (its average), then the live readings
 * taken after the last collected minute; a missing minute breaks the line. `windowMs`: only the
 * last part (null: the whole stream).
 */
export function liveChartData(
  series: MetricMinuteView[],
  collectedThrough: Date | null,
  livePoints: LivePoint[],
  options: { now: number; windowMs: number | null },
): LiveChartData {
  const from = options.windowMs === null ? -Infinity : options.now - options.windowMs;
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  for (const row of timelineRows(series)) {
    const middle = row.t + MINUTE_MS / 2;
    if (middle < from) continue;
    xs.push(middle / 1000);
    ys.push(row.viewers);
  }
  const closedUntil = collectedThrough?.getTime() ?? -Infinity;
  for (const point of livePoints) {
    if (point.t < closedUntil || point.t < from || point.t > options.now) continue;
    if (xs.length > 0 && point.t / 1000 <= xs.at(-1)!) continue;
    xs.push(point.t / 1000);
    ys.push(point.viewers);
  }
  return [xs, ys];
}

/**
 * Per minute over the last `minutes` collected minutes (chat rate, likes): the sum ÷ minutes.
 * Minutes without a row count as zero; null before anything was collected.
 */
export function ratePerMinute(
  series: MetricMinuteView[],
  collectedThrough: Date | null,
  field: "messages" | "likes" | "orders" | "chatters",
  minutes: number,
): number | null {
  if (!collectedThrough) return null;
  const from = collectedThrough.getTime() - minutes * MINUTE_MS;
  const sum = series
    .filter((row) => row.minute.getTime() >= from && row.minute.getTime() < collectedThrough.getTime())
    .reduce((total, row) => total + row[field], 0);
  return sum / minutes;
}

// ---------- the admin overview ----------

export interface SiteDayRow {
  /** The UTC day's start. */
  t: number;
  streams: number;
  peakViewers: number;
  watchHours: number;
  uniqueViewers: number;
  messages: number;
  chatters: number;
  likes: number;
  follows: number;
  orders: number;
}

/** The overview's days, oldest first, watch time in hours (one decimal) for the chart's axis. */
export function siteDayRows(view: SiteAnalyticsView): SiteDayRow[] {
  return [...view.days]
    .sort((a, b) => a.day.getTime() - b.day.getTime())
    .map(({ day, watchSeconds, ...figures }) => ({
      t: day.getTime(),
      ...figures,
      watchHours: Math.round(watchSeconds / 360) / 10,
    }));
}

/** The choices of the admin overview's period; any whole number of days 1..90 from the address is also taken. */
export const SITE_PERIODS = [7, 30, 90] as const;
export const DEFAULT_SITE_DAYS = 30;

/** `?days=` from the address: a whole number 1..90, else the default. */
export function siteDaysParam(value: string | string[] | undefined): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || !/^\d{1,2}$/.test(text)) return DEFAULT_SITE_DAYS;
  const days = Number(text);
  return days >= 1 && days <= 90 ? days : DEFAULT_SITE_DAYS;
}
