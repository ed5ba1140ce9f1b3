import type { StreamStatus } from "@onair/db";
import type { ViewerRef } from "../../events/types";

/** Money in one currency (ISO 4217), in minor units. */
export interface MoneyView {
  currency: string;
  cents: number;
}

/** One closed minute of a stream, as the collector wrote it (definitions: docs/analytics.md). */
export interface MetricMinuteView {
  /** The minute's start (UTC). */
  minute: Date;
  viewersAvg: number;
  viewersMax: number;
  uniqueViewers: number;
  watchSeconds: number;
  messages: number;
  chatters: number;
  likes: number;
  follows: number;
  /** From shop_metric_minutes, summed over products. */
  checkoutsStarted: number;
  orders: number;
  units: number;
  /** Revenue in the series' currency (StreamAnalyticsView.seriesCurrency); other currencies only in the summary. */
  revenueCents: number;
}

/** A stream's totals (exact over the whole stream, not sums of minutes where that would double count). */
export interface StreamAnalyticsSummary {
  /** From going live to the end (or now while live); null if it never went live. */
  durationSeconds: number | null;
  peakViewers: number;
  /** Viewer-seconds ÷ live seconds. */
  averageViewers: number;
  uniqueViewers: number;
  watchSeconds: number;
  /** watchSeconds ÷ uniqueViewers (0 without viewers). */
  averageWatchSeconds: number;
  chatMessages: number;
  chatters: number;
  likers: number;
  /** chatters ÷ uniqueViewers, likers ÷ uniqueViewers (null without viewers). */
  chatEngagement: number | null;
  likeEngagement: number | null;
  newFollowers: number;
  checkoutsStarted: number;
  orders: number;
  units: number;
  revenue: MoneyView[];
}

export type AnalyticsMomentKind =
  "STREAM_STARTED" | "STREAM_ENDED" | "PRODUCT_PIN" | "PRODUCT_UNPIN" | "FLASH_SALE_START" | "FLASH_SALE_STOP" | "SHIELD_ON" | "SHIELD_OFF";

/** Something that happened on the stream and may have moved the numbers (marked on the timeline). */
export interface AnalyticsMoment {
  at: Date;
  kind: AnalyticsMomentKind;
  /** "Pinned Logo T-shirt", "Flash sale: Mug at $9.00", "Lockdown on". */
  label: string;
}

/** A previous stream of the same owner, for comparison. */
export interface StreamComparisonRow {
  id: string;
  slug: string;
  title: string;
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number;
  peakViewers: number;
  averageViewers: number;
  uniqueViewers: number;
  averageWatchSeconds: number;
  chatters: number;
  chatMessages: number;
  newFollowers: number;
  orders: number;
}

/** stream.analytics: everything the studio's analytics page shows. */
export interface StreamAnalyticsView {
  stream: {
    id: string;
    slug: string;
    title: string;
    status: StreamStatus;
    startedAt: Date | null;
    endedAt: Date | null;
  };
  /** Closed minutes, oldest first (the current minute is not in it yet). */
  series: MetricMinuteView[];
  /** The currency of `revenueCents` in the series (the stream's largest by revenue); null without sales. */
  seriesCurrency: string | null;
  /** Every minute before this is in `series` (null: nothing collected yet). */
  collectedThrough: Date | null;
  summary: StreamAnalyticsSummary;
  moments: AnalyticsMoment[];
  /** Up to 5 of the owner's previous streams that went live, newest first. */
  previous: StreamComparisonRow[];
}

/** One day of the site, for the admin overview. */
export interface SiteDayView {
  /** The day's start (UTC). */
  day: Date;
  /** Streams live at any time that day. */
  streams: number;
  /** The most viewers present at once on one stream that day. */
  peakViewers: number;
  watchSeconds: number;
  uniqueViewers: number;
  messages: number;
  chatters: number;
  likes: number;
  follows: number;
  orders: number;
}

/** admin.analyticsOverview: the site across `days` days. */
export interface SiteAnalyticsView {
  from: Date;
  to: Date;
  days: SiteDayView[];
  totals: Omit<SiteDayView, "day">;
  revenue: MoneyView[];
  liveNow: { streams: number; viewers: number };
  /** The period's streams with the most watch time, at most 10. */
  topStreams: {
    id: string;
    slug: string;
    title: string;
    owner: ViewerRef;
    peakViewers: number;
    watchSeconds: number;
    messages: number;
    orders: number;
  }[];
}
