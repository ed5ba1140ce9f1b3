import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";
import { writeLog } from "../moderation/audit";
import { lockUserRow } from "../shared/locks";

/** Grants or revokes a user's right to create streams when only creators may. Idempotent: no change, no audit entry. */
export async function setCreator(deps: Pick<SignedInDeps, "db" | "actor">, input: { userId: string; canCreate: boolean }) {
  const { db, actor } = deps;
  const select = { id: true, username: true, canCreateStreams: true } as const;
  return db.$transaction(async (tx) => {
    await lockUserRow(tx, input.userId);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select });
    if (!user) throw new AppError("NOT_FOUND", "No user with that id.");
    if (user.canCreateStreams === input.canCreate) return user;
    const updated = await tx.user.update({ where: { id: input.userId }, data: { canCreateStreams: input.canCreate }, select });
    await writeLog(tx, {
      streamId: null,
      actorId: actor.id,
      action: input.canCreate ? "CREATOR_GRANT" : "CREATOR_REVOKE",
      targetUserId: input.userId,
    });
    return updated;
  });
}
