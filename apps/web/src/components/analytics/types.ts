import type { RouterOutputs } from "@onair/api";

/** The analytics views as the API returns them (definitions: packages/api/src/services/analytics/types.ts, docs/analytics.md). */
export type StreamAnalyticsView = RouterOutputs["stream"]["analytics"];
export type SiteAnalyticsView = RouterOutputs["admin"]["analyticsOverview"];
export type StreamAnalyticsSummary = StreamAnalyticsView["summary"];
export type MetricMinuteView = StreamAnalyticsView["series"][number];
export type AnalyticsMoment = StreamAnalyticsView["moments"][number];
export type AnalyticsMomentKind = AnalyticsMoment["kind"];
export type StreamComparisonRow = StreamAnalyticsView["previous"][number];
export type MoneyView = StreamAnalyticsSummary["revenue"][number];
export type SiteDayView = SiteAnalyticsView["days"][number];
