export {
  createJobQueue,
  type JobHandler,
  type JobPayload,
  type JobQueue,
  type JobQueueOptions,
  type JobSender,
  type SendOptions,
  type WorkOptions,
} from "./job-queue";
export { JOB_QUEUES, type AppQueues, type QueueDefinition, type QueueDefinitions, type QueuePolicy } from "./queues";
export { offerSweep, startMonitor, type MonitorOptions } from "./monitor";
export { startHeartbeat } from "../services/monitor/server-instances";
export { startFlashSaleWorker } from "../services/shop/flash-sales";
export { startShopHoldWorker } from "../services/shop/checkout/release-worker";
export { startChatArchiver } from "../services/chat/archive/retention";
export { startNotificationWorker } from "../services/notifications/producers";
export { startPushWorker } from "../services/push/send";
export { offerAnalyticsCollect, startAnalyticsCollector, type AnalyticsCollectorOptions } from "./analytics";
export { collectStreamMetrics } from "../services/analytics/collector";
