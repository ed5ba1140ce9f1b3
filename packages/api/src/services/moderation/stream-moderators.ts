import { AppError } from "../../errors";
import { lockStreamRow } from "../shared/locks";
import { inTransaction } from "../shared/transaction";
import { loggedEvents, writeLog } from "./audit";
import type { ModerationDeps } from "./context";

const userRef = { select: { id: true, username: true, name: true } } as const;

export function listStreamModerators(deps: Pick<ModerationDeps, "db" | "stream">) {
  return deps.db.streamModerator.findMany({
    where: { streamId: deps.stream.id },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, user: userRef, appointedBy: userRef },
  });
}

/** The owner or an admin appoints a moderator for this stream. */
export async function addStreamModerator(deps: ModerationDeps, input: { username: string }) {
  const { db, actor, stream } = deps;
  const user = await db.user.findUnique({ where: { username: input.username }, select: { id: true, username: true, name: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user @${input.username}.`);
  if (user.id === stream.ownerId) throw new AppError("BAD_REQUEST", "The stream's owner already moderates it.");
  return inTransaction(deps, async (tx) => {
    // Orders concurrent appointments to this stream: the second one finds the first.
    await lockStreamRow(tx, stream.id);
    const existing = await tx.streamModerator.findUnique({
      where: { streamId_userId: { streamId: stream.id, userId: user.id } },
      select: { userId: true },
    });
    if (existing) throw new AppError("CONFLICT", `@${user.username} already moderates this stream.`);
    await tx.streamModerator.create({ data: { streamId: stream.id, userId: user.id, appointedById: actor.id } });
    const entry = await writeLog(tx, { streamId: stream.id, actorId: actor.id, action: "MODERATOR_ADD", targetUserId: user.id });
    return { result: user, events: loggedEvents([entry]) };
  });
}

export async function removeStreamModerator(deps: ModerationDeps, input: { userId: string }) {
  const { actor, stream } = deps;
  return inTransaction(deps, async (tx) => {
    const { count } = await tx.streamModerator.deleteMany({ where: { streamId: stream.id, userId: input.userId } });
    if (count === 0) throw new AppError("NOT_FOUND", "That user is not a moderator of this stream.");
    const entry = await writeLog(tx, { streamId: stream.id, actorId: actor.id, action: "MODERATOR_REMOVE", targetUserId: input.userId });
    return { result: { removed: true }, events: loggedEvents([entry]) };
  });
}
