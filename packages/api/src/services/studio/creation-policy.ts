import type { DbOrTx, StreamCreationPolicy } from "@onair/db";

export const NOT_A_CREATOR = "Only creators can create streams: ask an admin.";

/** The site's policy; no settings row means only creators (the safe default of a fresh install). */
export async function streamCreationPolicy(db: DbOrTx): Promise<StreamCreationPolicy> {
  const settings = await db.siteSettings.findUnique({ where: { id: 1 }, select: { streamCreation: true } });
  return settings?.streamCreation ?? "CREATORS";
}

/**
 * Whether a user may create streams now: everyone signed in when the site allows it,
 * else creators (User.canCreateStreams) and admins. Read from the database on every
 * call, so a revoked creator loses the right at once.
 */
export async function creationPermission(db: DbOrTx, userId: string): Promise<{ canCreate: boolean; reason: string | null }> {
  const [policy, user] = await Promise.all([
    streamCreationPolicy(db),
    db.user.findUnique({ where: { id: userId }, select: { role: true, canCreateStreams: true } }),
  ]);
  const canCreate = user !== null && (policy === "EVERYONE" || user.canCreateStreams || user.role === "ADMIN");
  return { canCreate, reason: canCreate ? null : NOT_A_CREATOR };
}
