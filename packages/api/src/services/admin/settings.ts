import type { DbOrTx, StreamCreationPolicy } from "@onair/db";
import type { SignedInDeps } from "../deps";
import { writeLog } from "../moderation/audit";
import { streamCreationPolicy } from "../studio/creation-policy";

const SETTINGS_ID = 1;

/** The site's settings (the defaults while nobody has saved any). */
export async function siteSettings(deps: { db: DbOrTx }): Promise<{ streamCreation: StreamCreationPolicy }> {
  return { streamCreation: await streamCreationPolicy(deps.db) };
}

/** Sets who may create streams: everyone signed in, or only creators (and admins). Idempotent: no change, no audit entry. */
export async function setStreamCreation(deps: Pick<SignedInDeps, "db" | "actor">, input: { policy: StreamCreationPolicy }) {
  const { db, actor } = deps;
  return db.$transaction(async (tx) => {
    // The row (with the table's defaults) exists from here on and stays locked, so concurrent changes record their real "before".
    await tx.$executeRaw`INSERT INTO site_settings (id, "updatedAt") VALUES (${SETTINGS_ID}, now()) ON CONFLICT (id) DO NOTHING`;
    await tx.$executeRaw`SELECT 1 FROM site_settings WHERE id = ${SETTINGS_ID} FOR UPDATE`;
    const before = await siteSettings({ db: tx });
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
