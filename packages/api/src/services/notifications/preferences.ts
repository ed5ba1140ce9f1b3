import type { NotificationKind } from "@onair/db";
import type { SignedInDeps } from "../deps";
import { NOTIFICATION_KINDS } from "./schemas";

export interface NotificationPreferenceView {
  kind: NotificationKind;
  inApp: boolean;
  push: boolean;
}

/** The caller's choice for every kind (a kind never changed: both on). */
export async function notificationPreferences(deps: Pick<SignedInDeps, "db" | "actor">): Promise<NotificationPreferenceView[]> {
  const rows = await deps.db.notificationPreference.findMany({
    where: { userId: deps.actor.id },
    select: { kind: true, inApp: true, push: true },
  });
  const byKind = new Map(rows.map((row) => [row.kind, row]));
  return NOTIFICATION_KINDS.map((kind) => ({ kind, inApp: byKind.get(kind)?.inApp ?? true, push: byKind.get(kind)?.push ?? true }));
}

export async function setNotificationPreference(
  deps: Pick<SignedInDeps, "db" | "actor">,
  input: { kind: NotificationKind; inApp?: boolean; push?: boolean },
): Promise<NotificationPreferenceView[]> {
  const { db, actor } = deps;
  const changes = {
    ...(input.inApp !== undefined ? { inApp: input.inApp } : {}),
    ...(input.push !== undefined ? { push: input.push } : {}),
  };
  await db.notificationPreference.upsert({
    where: { userId_kind: { userId: actor.id, kind: input.kind } },
    create: { userId: actor.id, kind: input.kind, ...changes },
    update: changes,
  });
  return notificationPreferences(deps);
}
