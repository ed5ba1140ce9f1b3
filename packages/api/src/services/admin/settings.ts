import type { DbOrTx, StreamCreationPolicy } from "@onair/db";
import { chatRetention, type ChatRetention } from "../chat/archive/retention";
import type { SignedInDeps } from "../deps";
import { writeLog } from "../moderation/audit";
import { streamCreationPolicy } from "../studio/creation-policy";
import type { SetChatRetentionInput } from "./schemas";

const SETTINGS_ID = 1;

export type SiteSettingsView = { streamCreation: StreamCreationPolicy } & ChatRetention;

/** The site's settings (the defaults while nobody has saved any). */
export async function siteSettings(deps: { db: DbOrTx }): Promise<SiteSettingsView> {
  const [streamCreation, retention] = await Promise.all([streamCreationPolicy(deps.db), chatRetention(deps.db)]);
  return { streamCreation, ...retention };
}

/** Creates the settings row (with the table's defaults) unless it exists, and locks it, so concurrent changes record their real "before". */
async function lockSettings(tx: DbOrTx) {
  await tx.$executeRaw`INSERT INTO site_settings (id, "updatedAt") VALUES (${SETTINGS_ID}, now()) ON CONFLICT (id) DO NOTHING`;
  await tx.$executeRaw`SELECT 1 FROM site_settings WHERE id = ${SETTINGS_ID} FOR UPDATE`;
}

/**
 * Sets how long chat stays in the live table (days, or null: forever) and what
 * happens to older chat (ARCHIVE: moved to the compressed archive that replay
 * reads; DELETE: deleted). The archiver applies it on its next hourly run.
 * Idempotent: no change, no audit entry. Returns every setting.
 */
export async function setChatRetention(deps: Pick<SignedInDeps, "db" | "actor">, input: SetChatRetentionInput): Promise<SiteSettingsView> {
  const { db, actor } = deps;
  return db.$transaction(async (tx) => {
    await lockSettings(tx);
    const before = await chatRetention(tx);
    if (before.chatRetentionDays === input.days && before.chatRetentionMode === input.mode) return siteSettings({ db: tx });
    await tx.siteSettings.update({ where: { id: SETTINGS_ID }, data: { chatRetentionDays: input.days, chatRetentionMode: input.mode } });
    const after = await chatRetention(tx);
    await writeLog(tx, {
      streamId: null,
      actorId: actor.id,
      action: "SITE_SETTINGS_UPDATE",
      details: { before: { ...before }, after: { ...after } },
    });
    return siteSettings({ db: tx });
  });
}

/** Sets who may create streams: everyone signed in, or only creators (and admins). Idempotent: no change, no audit entry. */
export async function setStreamCreation(deps: Pick<SignedInDeps, "db" | "actor">, input: { policy: StreamCreationPolicy }) {
  const { db, actor } = deps;
  return db.$transaction(async (tx) => {
    await lockSettings(tx);
    const before = { streamCreation: await streamCreationPolicy(tx) };
    if (before.streamCreation === input.policy) return before;
    const after = await tx.siteSettings.update({
      where: { id: SETTINGS_ID },
      data: { streamCreation: input.policy },
      select: { streamCreation: true },
    });
    await writeLog(tx, {
      streamId: null,
      actorId: actor.id,
      action: "SITE_SETTINGS_UPDATE",
      details: { before: { streamCreation: before.streamCreation }, after: { streamCreation: after.streamCreation } },
    });
    return after;
  });
}
