import type { Prisma, Role } from "@onair/db";
import { AppError } from "../../errors";
import type { ServiceDeps, SignedInDeps } from "../deps";
import { writeLog } from "../moderation/audit";
import { lockUserRow } from "../shared/locks";
import { escapeLike } from "../shared/like-pattern";
import { cursorArgs, pageOf, type PageRequest } from "../shared/pages";

const userSelect = {
  id: true,
  username: true,
  name: true,
  email: true,
  role: true,
  canCreateStreams: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

/** Users by username, name or email (and optionally only creators), newest first, with whether each is banned from OnAir. */
export async function listUsers(deps: Pick<ServiceDeps, "db">, input: { query?: string; role?: Role; creators?: boolean } & PageRequest) {
  const where: Prisma.UserWhereInput = {
    ...(input.role ? { role: input.role } : {}),
    ...(input.creators ? { canCreateStreams: true } : {}),
    ...(input.query
      ? { OR: ["username", "name", "email"].map((field) => ({ [field]: { contains: escapeLike(input.query!), mode: "insensitive" } })) }
      : {}),
  };
  const rows = await deps.db.user.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...cursorArgs(input),
    select: { ...userSelect, bans: { where: { kind: "BAN", streamId: null, revokedAt: null }, select: { id: true }, take: 1 } },
  });
  const { items, nextCursor } = pageOf(rows, input.limit);
  const users = items.map(({ bans, ...user }) => ({ ...user, bannedGlobally: bans.length > 0 }));
  return { users, nextCursor };
}

/** Admins set global roles; nobody changes their own (so the last admin cannot lock everyone out by accident). */
export async function setRole(deps: Pick<SignedInDeps, "db" | "actor">, input: { userId: string; role: Role }) {
  const { db, actor } = deps;
  if (input.userId === actor.id) throw new AppError("BAD_REQUEST", "You cannot change your own role.");
  return db.$transaction(async (tx) => {
    // Locks the user's row, so a concurrent change of the same role finds it already made (CONFLICT).
    await lockUserRow(tx, input.userId);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { role: true } });
    if (!user) throw new AppError("NOT_FOUND", "No user with that id.");
    if (user.role === input.role) throw new AppError("CONFLICT", `That user is already ${input.role.toLowerCase()}.`);
    const updated = await tx.user.update({ where: { id: input.userId }, data: { role: input.role }, select: userSelect });
    await writeLog(tx, {
      streamId: null,
      actorId: actor.id,
      action: "ROLE_CHANGE",
      targetUserId: input.userId,
      details: { before: user.role, after: input.role },
    });
    return updated;
  });
}
