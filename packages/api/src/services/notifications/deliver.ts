import type { Db, NotificationKind, Prisma } from "@onair/db";
import { publishCommitted, type EventBus } from "../../events/bus";
import { userTopic, type NotificationData, type ViewerRef } from "../../events/types";
import type { JobSender } from "../../jobs/job-queue";
import { queuePushes } from "../push/send";
import type { PushSettings } from "../push/settings";
import { unreadCounts } from "./read";
import { describeNotification, notificationSelect, toNotificationView } from "./views";

/**
 * What producers need: the database and the bus (live delivery); the job
 * queue and push settings for pushes (a caller without them, such as a test
 * building partial deps, notifies in the app only).
 */
export type NotifyDeps = { db: Db; bus: EventBus; jobs?: JobSender; push?: PushSettings };

/** One notification for one user, before preferences are applied. */
export interface NotificationDraft {
  userId: string;
  /** Who caused it (null: the system); never notified about their own act. */
  actorId: string | null;
  streamId: string | null;
  data: NotificationData;
  /** One notification per user and key, however often it is produced (a retried job, a resent message). */
  dedupeKey: string;
}

/**
 * Delivers notifications of one kind, after the change they are about has
 * committed: per each recipient's preferences (no row: both on), inApp stores
 * it (once per user and dedupeKey) and sends `notifications.new` to the
 * user's topic; push queues a push to each of their devices (once per key).
 * Returns how many were stored.
 */
export async function deliverNotifications(deps: NotifyDeps, kind: NotificationKind, drafts: NotificationDraft[]): Promise<number> {
  const wanted = drafts.filter((draft) => draft.userId !== draft.actorId && draft.data.kind === kind);
  if (wanted.length === 0) return 0;
  const { db, bus } = deps;
  const userIds = [...new Set(wanted.map((draft) => draft.userId))];
  const preferences = await db.notificationPreference.findMany({
    where: { userId: { in: userIds }, kind },
    select: { userId: true, inApp: true, push: true },
  });
  const preferenceOf = new Map(preferences.map((preference) => [preference.userId, preference]));
  const inApp = wanted.filter((draft) => preferenceOf.get(draft.userId)?.inApp ?? true);

  const created = inApp.length
    ? await db.notification.createManyAndReturn({
        data: inApp.map((draft) => ({
          userId: draft.userId,
          kind,
          actorId: draft.actorId,
          streamId: draft.streamId,
          data: storedData(draft.data),
          dedupeKey: draft.dedupeKey,
        })),
        // An existing (user, dedupeKey) is skipped: only new rows come back.
        skipDuplicates: true,
        select: { id: true },
      })
    : [];
  const createdKeys = new Set<string>();
  if (created.length > 0) {
    const rows = await db.notification.findMany({
      where: { id: { in: created.map((row) => row.id) } },
      select: { ...notificationSelect, userId: true, dedupeKey: true },
    });
    for (const row of rows) createdKeys.add(`${row.userId} ${row.dedupeKey}`);
    const unread = await unreadCounts(
      db,
      rows.map((row) => row.userId),
    );
    for (const row of rows) {
      const notification = toNotificationView(row);
      await publishCommitted(bus, {
        type: "notifications.new",
        streamId: userTopic(row.userId),
        notification,
        unread: unread.get(row.userId) ?? 0,
      });
    }
  }

  // Pushed: what was stored just now, and what the user wants pushed but not kept (inApp off; the push job's id dedupes it).
  const toPush = wanted.filter((draft) => {
    const preference = preferenceOf.get(draft.userId);
    if (!(preference?.push ?? true)) return false;
    return preference?.inApp === false || createdKeys.has(`${draft.userId} ${draft.dedupeKey}`);
  });
  const { jobs, push } = deps;
  if (toPush.length > 0 && jobs && push?.vapid) {
    const describe = await describer(db, toPush);
    await queuePushes(
      { db, jobs, push },
      toPush.map((draft) => {
        const { title, text, href } = describe(draft);
        return { userId: draft.userId, key: draft.dedupeKey, payload: { title, body: text, url: href, tag: draft.dedupeKey } };
      }),
    );
  }
  return created.length;
}

/** JSON for the data column: the kind is its own column, dates become ISO strings. */
function storedData(data: NotificationData): Prisma.InputJsonValue {
  const { kind: _kind, ...rest } = data;
  return JSON.parse(JSON.stringify(rest)) as Prisma.InputJsonValue;
}

/** Reads the actors and streams of the drafts once, and describes each draft as its notification would read. */
async function describer(db: Db, drafts: NotificationDraft[]) {
  const actorIds = [...new Set(drafts.flatMap((draft) => (draft.actorId ? [draft.actorId] : [])))];
  const streamIds = [...new Set(drafts.flatMap((draft) => (draft.streamId ? [draft.streamId] : [])))];
  const [actors, streams] = await Promise.all([
    db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, username: true, name: true } }),
    db.liveStream.findMany({ where: { id: { in: streamIds } }, select: { id: true, slug: true, title: true } }),
  ]);
  const actorOf = new Map<string, ViewerRef>(actors.map((actor) => [actor.id, actor]));
  const streamOf = new Map(streams.map((stream) => [stream.id, stream]));
  return (draft: NotificationDraft) =>
    describeNotification({
      data: draft.data,
      actor: draft.actorId ? (actorOf.get(draft.actorId) ?? null) : null,
      stream: draft.streamId ? (streamOf.get(draft.streamId) ?? null) : null,
    });
}
