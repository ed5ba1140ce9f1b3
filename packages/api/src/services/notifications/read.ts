import type { DbOrTx } from "@onair/db";
import { publishCommitted } from "../../events/bus";
import { userTopic, type NotificationView } from "../../events/types";
import type { SignedInDeps } from "../deps";
import { cursorArgs, pageOf } from "../shared/pages";
import type { ListNotificationsInput } from "./schemas";
import { notificationSelect, toNotificationView } from "./views";

/** Unread notifications per user (users without any are absent). */
export async function unreadCounts(db: DbOrTx, userIds: string[]): Promise<Map<string, number>> {
  const groups = await db.notification.groupBy({
    by: ["userId"],
    where: { userId: { in: userIds }, readAt: null },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.userId, group._count._all]));
}

export async function unreadCount(db: DbOrTx, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** The caller's notifications, newest first, a page at a time. */
export async function listNotifications(
  deps: Pick<SignedInDeps, "db" | "actor">,
  input: ListNotificationsInput,
): Promise<{ items: NotificationView[]; nextCursor: string | null; unread: number }> {
  const { db, actor } = deps;
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId: actor.id, ...(input.unreadOnly ? { readAt: null } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: notificationSelect,
      ...cursorArgs(input),
    }),
    unreadCount(db, actor.id),
  ]);
  const page = pageOf(rows, input.limit);
  return { items: page.items.map(toNotificationView), nextCursor: page.nextCursor, unread };
}

/** Marks some of the caller's notifications read (others' ids are ignored); every device of theirs hears it. */
export async function markRead(deps: Pick<SignedInDeps, "db" | "bus" | "actor">, input: { ids: string[] }): Promise<{ unread: number }> {
  const { db, bus, actor } = deps;
  const ids = [...new Set(input.ids)];
  const { count } = await db.notification.updateMany({
    where: { id: { in: ids }, userId: actor.id, readAt: null },
    data: { readAt: new Date() },
  });
  const unread = await unreadCount(db, actor.id);
  if (count > 0) await publishCommitted(bus, { type: "notifications.read", streamId: userTopic(actor.id), ids, unread });
  return { unread };
}

export async function markAllRead(deps: Pick<SignedInDeps, "db" | "bus" | "actor">): Promise<{ unread: number }> {
  const { db, bus, actor } = deps;
  const { count } = await db.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: new Date() } });
  const unread = await unreadCount(db, actor.id);
  if (count > 0) await publishCommitted(bus, { type: "notifications.read", streamId: userTopic(actor.id), ids: "all", unread });
  return { unread };
}
