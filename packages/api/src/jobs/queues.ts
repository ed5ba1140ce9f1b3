import { z } from "zod";

/** How pg-boss keeps a queue's jobs apart (pg-boss 10 queue policies). */
export type QueuePolicy =
  /** Any number of jobs, queued and running. */
  | "standard"
  /** At most one queued job (per singletonKey); more sends return null until it starts. */
  | "short"
  /** At most one running job (per singletonKey); others wait. */
  | "singleton"
  /** At most one queued and one running job (per singletonKey). */
  | "stately";

/** One queue: its payload, how its jobs are kept apart, and how a failed job is retried. */
export interface QueueDefinition<Payload extends z.ZodType<object> = z.ZodType<object>> {
  payload: Payload;
  policy: QueuePolicy;
  /** Retries after the first attempt fails (0: none). */
  retryLimit: number;
  /** Seconds before the first retry; with `retryBackoff` each retry waits about twice as long as the one before. */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** A job still running after this long counts as failed (and is retried). */
  expireInSeconds: number;
}

export type QueueDefinitions = Record<string, QueueDefinition>;

/**
 * Every queue of the application, in one place. A job is a row in PostgreSQL
 * (schema "pgboss"): it survives restarts and runs on whichever worker takes
 * it first. Later features add their queues here.
 */
export const JOB_QUEUES = {
  /**
   * The stream monitor's sweep (services/monitor/sweep.ts). Every process
   * offers one per interval (jobs/monitor.ts); the interval's slot lets one
   * exist, and "singleton" lets one run at a time. Not retried: the next
   * interval's sweep does the same work.
   */
  "monitor.sweep": {
    payload: z.object({}).strict(),
    policy: "singleton",
    retryLimit: 0,
    retryDelaySeconds: 0,
    retryBackoff: false,
    expireInSeconds: 120,
  },
  /**
   * Live shopping: a checkout's hold ran out (sent with startAfter = its
   * expiry, in the transaction that opened it). Returns the units unless the
   * checkout became an order; an unpaid online order past its payBy is
   * cancelled the same way. Idempotent (conditional on the status).
   */
  "shop.releaseHold": {
    payload: z.object({ checkoutId: z.string().min(1).max(64) }).strict(),
    policy: "standard",
    retryLimit: 10,
    retryDelaySeconds: 5,
    retryBackoff: true,
    expireInSeconds: 60,
  },
  /**
   * Live shopping: a flash sale starts or ends (sent with startAfter = that
   * moment, when the sale is created): publishes the product's new price to
   * every viewer on every instance. Idempotent (it publishes the current state).
   */
  "shop.flashSaleChanged": {
    payload: z.object({ flashSaleId: z.string().min(1).max(64), moment: z.enum(["start", "end"]) }).strict(),
    policy: "standard",
    retryLimit: 10,
    retryDelaySeconds: 2,
    retryBackoff: true,
    expireInSeconds: 60,
  },
  /**
   * Chat retention (services/chat/archive): moves chat older than the site's
   * retention setting out of the live table, in batches. Every JOBS_WORKER
   * process offers one per hour; the slot lets one exist and "singleton" lets
   * one run. Not retried: the next hour's run continues where this one stopped.
   * A run stops itself after 45 minutes, under the expiry.
   */
  "chat.archive": {
    payload: z.object({}).strict(),
    policy: "singleton",
    retryLimit: 0,
    retryDelaySeconds: 0,
    retryBackoff: false,
    expireInSeconds: 3_300,
  },
  /**
   * Notifications: a stream went live. Tells its owner's followers (STREAM_LIVE)
   * and whoever asked to be reminded (STREAM_REMINDER), one batch of recipients
   * per job (`after`: the last user id of the previous batch); each job sends the
   * next. Idempotent: one notification per user and start (dedupeKey).
   */
  "notify.streamLive": {
    payload: z.object({ streamId: z.string().min(1).max(64), at: z.iso.datetime(), after: z.string().min(1).max(64).nullable() }).strict(),
    policy: "standard",
    retryLimit: 5,
    retryDelaySeconds: 5,
    retryBackoff: true,
    expireInSeconds: 120,
  },
  /** Notifications: a stream was scheduled (or rescheduled) for a future start; tells the owner's followers, in batches like notify.streamLive. */
  "notify.streamScheduled": {
    payload: z.object({ streamId: z.string().min(1).max(64), at: z.iso.datetime(), after: z.string().min(1).max(64).nullable() }).strict(),
    policy: "standard",
    retryLimit: 5,
    retryDelaySeconds: 5,
    retryBackoff: true,
    expireInSeconds: 120,
  },
  /**
   * Web push: one notification to one subscription (services/push/send.ts).
   * Retried with back-off when the push service answers 429 or 5xx or cannot be
   * reached; 404/410 removes the subscription.
   */
  "push.send": {
    payload: z
      .object({
        subscriptionId: z.string().min(1).max(64),
        title: z.string().max(200),
        body: z.string().max(1_000),
        url: z.string().max(1_000),
        tag: z.string().max(200),
      })
      .strict(),
    policy: "standard",
    retryLimit: 5,
    retryDelaySeconds: 10,
    retryBackoff: true,
    expireInSeconds: 60,
  },
  /**
   * Analytics: the per-minute collector (services/analytics/collector.ts). Every
   * worker process offers one job per minute (jobs/analytics.ts); the minute's
   * slot lets one exist and "singleton" lets one run at a time. Not retried: the
   * next minute's run continues from the cursors (nothing is lost or counted twice).
   */
  "analytics.collect": {
    payload: z.object({}).strict(),
    policy: "singleton",
    retryLimit: 0,
    retryDelaySeconds: 0,
    retryBackoff: false,
    expireInSeconds: 300,
  },
} satisfies QueueDefinitions;

export type AppQueues = typeof JOB_QUEUES;
