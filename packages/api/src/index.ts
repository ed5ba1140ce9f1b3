import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { appRouter, createCaller, type AppRouter } from "./root";
export { createContextFactory, createContextInner, type Context, type ConnectionGate } from "./context";
export { toTRPCError } from "./trpc-errors";
export { createServices, type RealtimeServices, type Services, type ServicesConfig, type ServicesOptions } from "./create-services";
export { reportServerError } from "./error-report";
export { AppError } from "./errors";
export { exportModerationLog } from "./services/moderation/export";
export { exportOrdersCsv } from "./services/shop/orders/csv";
export { streamAnalyticsCsv } from "./services/analytics/csv";
export type {
  AnalyticsMoment,
  AnalyticsMomentKind,
  MetricMinuteView,
  SiteAnalyticsView,
  SiteDayView,
  StreamAnalyticsSummary,
  StreamAnalyticsView,
  StreamComparisonRow,
} from "./services/analytics/types";
export { applyPaymentWebhook, paymentWebhookResponse, type WebhookOutcome } from "./services/shop/payments/webhook";
export type { Credential, SessionUser } from "./services/account/session-user";
export { RateLimitStore, limiterKey, type LimiterSpec, type RateLimitStoreOptions } from "./services/limits/rate-limit-store";
export { ChatLimiter, DEFAULT_CHAT_LIMITS, type ChatLimitsConfig } from "./services/chat/chat-limits";
export {
  DEFAULT_LIMITS,
  Limits,
  limitsConfigFromEnv,
  limitsEnvSchema,
  limitsFromEnv,
  type LimitsConfig,
  type LimitsEnv,
} from "./services/limits/limits";
export { DEFAULT_SIGN_UP_LIMIT, SignUpLimiter, type SignUpLimitConfig } from "./services/limits/sign-up-limit";
export type { Access, Meta } from "./trpc";
export type { MediaDeps } from "./services/studio/media-deps";
export type { ShopSettings } from "./services/shop/shop-config";
export type { PushSettings } from "./services/push/settings";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
