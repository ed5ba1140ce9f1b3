// The analytics views as the API returns them (packages/api/src/services/analytics/types.ts).
export type {
  AnalyticsMoment,
  AnalyticsMomentKind,
  MetricMinuteView,
  MoneyView,
  SiteAnalyticsView,
  SiteDayView,
  StreamAnalyticsSummary,
  StreamAnalyticsView,
  StreamComparisonRow,
} from "../../../../../packages/api/src/services/analytics/types";
