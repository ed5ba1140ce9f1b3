import type { EventBus } from "../../events/bus";
import type { ChatMessageView, ModerationLogView, StreamEvent } from "../../events/types";
import type { JobQueue, JobSender } from "../../jobs/job-queue";
import { jobIdFor } from "../push/payload";
import { deliverNotifications, type NotificationDraft, type NotifyDeps } from "./deliver";

/**
 * The producers: each turns a committed change into notifications
 * (deliverNotifications). Chat, orders and moderation concern few people and
 * notify at once; a stream going live or being scheduled concerns every
 * follower and goes through a job that fans out in batches.
 */

/** A message mentions at most this many people who are notified (a message naming a crowd does not page them all). */
export const MAX_MENTION_NOTIFICATIONS = 10;
const EXCERPT_CHARS = 100;

/** A producer never fails the change it follows (that has committed): what goes wrong is logged. */
async function safely(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.error(`[notifications] could not notify about ${what}: ${(error as Error).message}`);
  }
}

function excerptOf(body: string): string {
  const chars = [...body];
  return chars.length <= EXCERPT_CHARS ? body : `${chars.slice(0, EXCERPT_CHARS - 1).join("")}…`;
}

/**
 * A visible chat message: REPLY to the author of the message it answers,
 * MENTION to the people it mentions (not both to one person: the reply wins;
 * never to the author). One notification per message and person.
 */
export async function notifyChatMessage(deps: NotifyDeps, input: { message: ChatMessageView; mentionedUserIds: string[] }): Promise<void> {
  const { message } = input;
  if (!message.replyToId && input.mentionedUserIds.length === 0) return;
  await safely(`message ${message.id}`, async () => {
    const repliedTo = message.replyToId
      ? await deps.db.chatMessage.findUnique({ where: { id: message.replyToId }, select: { userId: true } })
      : null;
    const excerpt = excerptOf(message.body);
    const draft = (userId: string, kind: "MENTION" | "REPLY"): NotificationDraft => ({
      userId,
      actorId: message.author.id,
      streamId: message.streamId,
      data: { kind, messageId: message.id, excerpt },
      dedupeKey: `chat:${message.id}`,
    });
    if (repliedTo) await deliverNotifications(deps, "REPLY", [draft(repliedTo.userId, "REPLY")]);
    const mentioned = [...new Set(input.mentionedUserIds)]
      .filter((userId) => userId !== repliedTo?.userId)
      .slice(0, MAX_MENTION_NOTIFICATIONS);
    await deliverNotifications(
      deps,
      "MENTION",
      mentioned.map((userId) => draft(userId, "MENTION")),
    );
  });
}

async function notifyApprovedMessage(deps: NotifyDeps, message: ChatMessageView): Promise<void> {
  const stored = await deps.db.chatMessage.findUnique({ where: { id: message.id }, select: { mentionedUserIds: true } });
  await notifyChatMessage(deps, { message, mentionedUserIds: stored?.mentionedUserIds ?? [] });
}

/** An order's status changed: its buyer hears it (once per order and status). */
export async function notifyOrderStatus(deps: NotifyDeps, orderId: string): Promise<void> {
  await safely(`order ${orderId}`, async () => {
    const order = await deps.db.order.findUnique({
      where: { id: orderId },
      select: { id: true, number: true, status: true, userId: true, streamId: true },
    });
    if (!order) return;
    await deliverNotifications(deps, "ORDER_STATUS", [
      {
        userId: order.userId,
        actorId: null,
        streamId: order.streamId,
        data: { kind: "ORDER_STATUS", orderId: order.id, number: order.number, status: order.status },
        dedupeKey: `order:${order.id}:${order.status}`,
      },
    ]);
  });
}

/** The moderators' acts that tell the person acted on. */
const NOTIFIED_ACTIONS = new Set<ModerationLogView["action"]>(["MESSAGE_DELETE", "USER_TIMEOUT", "USER_BAN", "USER_UNBAN"]);

/** A moderator's act on someone, from its audit entry (once per entry). Automatic decisions and acts on oneself tell nobody. */
export async function notifyModerationEntry(deps: NotifyDeps, entry: ModerationLogView): Promise<void> {
  if (!NOTIFIED_ACTIONS.has(entry.action) || !entry.targetUser || !entry.actor) return;
  const { targetUser, actor } = entry;
  await safely(`moderation entry ${entry.id}`, async () => {
    const expiresAt = typeof entry.details.expiresAt === "string" ? new Date(entry.details.expiresAt) : null;
    await deliverNotifications(deps, "MODERATION", [
      {
        userId: targetUser.id,
        actorId: actor.id,
        streamId: entry.streamId,
        data: { kind: "MODERATION", action: entry.action, expiresAt, reason: entry.reason },
        dedupeKey: `moderation:${entry.id}`,
      },
    ]);
  });
}

/**
 * Deps for a moderation service whose bus also notifies what its events
 * concern, each after it is published (after commit, see inTransaction): an
 * audit entry tells the person acted on (notifyModerationEntry); a message
 * published by approving it from the review queue tells whom it mentions or
 * answers (notifyChatMessage). The services notify without restating what
 * their events already say.
 */
export function withNotifications<D extends NotifyDeps>(deps: D): D {
  const inner = deps.bus;
  const bus: EventBus = {
    async publish(event: StreamEvent) {
      try {
        await inner.publish(event);
      } finally {
        if (event.type === "moderation.logged") await notifyModerationEntry(deps, event.entry);
        if (event.type === "chat.message") await notifyApprovedMessage(deps, event.message);
      }
    },
    subscribe: (topic, signal) => inner.subscribe(topic, signal),
    onReconnect: (listener) => inner.onReconnect(listener),
    health: () => inner.health(),
    close: () => inner.close(),
  };
  return { ...deps, bus };
}

/** How many recipients one fan-out job notifies; it then queues the next batch. */
export const FAN_OUT_BATCH = 500;

type FanOutQueue = "notify.streamLive" | "notify.streamScheduled";

function fanOutJobId(queue: FanOutQueue, streamId: string, at: string, after: string | null): string {
  return jobIdFor(`${queue}:${streamId}:${at}:${after ?? ""}`);
}

/**
 * Queues the "went live" fan-out, after the start has committed. A failure to
 * queue is logged and never undoes going live. `jobs` absent (partial deps): nothing.
 */
export async function queueStreamLive(deps: { jobs?: JobSender }, input: { streamId: string; startedAt: Date }): Promise<void> {
  const { jobs } = deps;
  if (!jobs) return;
  const at = input.startedAt.toISOString();
  await safely(`stream ${input.streamId} going live`, () =>
    jobs.send(
      "notify.streamLive",
      { streamId: input.streamId, at, after: null },
      { id: fanOutJobId("notify.streamLive", input.streamId, at, null) },
    ),
  );
}

/** Queues the "scheduled a stream" fan-out when a stream's start is set in the future (like queueStreamLive). */
export async function queueStreamScheduled(
  deps: { jobs?: JobSender },
  input: { streamId: string; scheduledStartAt: Date | null },
): Promise<void> {
  const { jobs } = deps;
  if (!jobs || !input.scheduledStartAt || input.scheduledStartAt.getTime() <= Date.now()) return;
  const at = input.scheduledStartAt.toISOString();
  await safely(`stream ${input.streamId}'s schedule`, () =>
    jobs.send(
      "notify.streamScheduled",
      { streamId: input.streamId, at, after: null },
      { id: fanOutJobId("notify.streamScheduled", input.streamId, at, null) },
    ),
  );
}

/**
 * One batch of a stream's fan-out (the notify.streamLive and
 * notify.streamScheduled jobs): recipients after `after` in id order, at most
 * FAN_OUT_BATCH; a full batch queues the next. Went live: followers get
 * STREAM_LIVE, whoever asked to be reminded STREAM_REMINDER (a follower who
 * asked too: only the reminder). Scheduled: followers get STREAM_SCHEDULED.
 * Nothing when the stream has moved on (ended, rescheduled) before the job ran.
 * Returns how many recipients the batch had.
 */
export async function fanOutStream(
  deps: NotifyDeps & { jobs: JobSender },
  queue: FanOutQueue,
  job: { streamId: string; at: string; after: string | null },
): Promise<number> {
  const { db, jobs } = deps;
  const live = queue === "notify.streamLive";
  const stream = await db.liveStream.findUnique({
    where: { id: job.streamId },
    select: { id: true, ownerId: true, status: true, startedAt: true, scheduledStartAt: true },
  });
  if (!stream) return 0;
  const at = new Date(job.at);
  const current = live
    ? stream.status === "LIVE" && stream.startedAt?.getTime() === at.getTime()
    : stream.status === "SCHEDULED" && stream.scheduledStartAt?.getTime() === at.getTime();
  if (!current) return 0;

  const recipients = await db.$queryRaw<Array<{ userId: string; reminded: boolean }>>`
    SELECT "userId", bool_or(reminded) AS reminded FROM (
      SELECT "followerId" AS "userId", false AS reminded FROM follows WHERE "channelId" = ${stream.ownerId}
      UNION ALL
      SELECT "userId", true AS reminded FROM stream_reminders WHERE "streamId" = ${stream.id} AND ${live}
    ) recipients
    WHERE "userId" <> ${stream.ownerId} AND "userId" > ${job.after ?? ""}
    GROUP BY "userId" ORDER BY "userId" LIMIT ${FAN_OUT_BATCH}`;
  if (recipients.length === 0) return 0;

  const draft = (userId: string, kind: "STREAM_LIVE" | "STREAM_REMINDER" | "STREAM_SCHEDULED"): NotificationDraft => ({
    userId,
    actorId: stream.ownerId,
    streamId: stream.id,
    data: { kind, scheduledStartAt: stream.scheduledStartAt },
    dedupeKey: `${kind === "STREAM_SCHEDULED" ? "scheduled" : "live"}:${stream.id}:${job.at}`,
  });
  if (live) {
    await deliverNotifications(
      deps,
      "STREAM_REMINDER",
      recipients.filter((r) => r.reminded).map((r) => draft(r.userId, "STREAM_REMINDER")),
    );
    await deliverNotifications(
      deps,
      "STREAM_LIVE",
      recipients.filter((r) => !r.reminded).map((r) => draft(r.userId, "STREAM_LIVE")),
    );
  } else {
    await deliverNotifications(
      deps,
      "STREAM_SCHEDULED",
      recipients.map((r) => draft(r.userId, "STREAM_SCHEDULED")),
    );
  }
  if (recipients.length === FAN_OUT_BATCH) {
    const after = recipients.at(-1)!.userId;
    await jobs.send(queue, { streamId: job.streamId, at: job.at, after }, { id: fanOutJobId(queue, job.streamId, job.at, after) });
  }
  return recipients.length;
}

/** Works the fan-out queues on this process (a worker: JOBS_WORKER). */
export async function startNotificationWorker(jobs: JobQueue, deps: Omit<NotifyDeps, "jobs">): Promise<void> {
  const withJobs = { ...deps, jobs };
  await jobs.work("notify.streamLive", async (data) => {
    await fanOutStream(withJobs, "notify.streamLive", data);
  });
  await jobs.work("notify.streamScheduled", async (data) => {
    await fanOutStream(withJobs, "notify.streamScheduled", data);
  });
}
