import type { DbOrTx } from "@onair/db";
import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";
import { advisoryLock } from "../shared/locks";
import { withNotifications } from "../notifications/producers";
import { inTransaction } from "../shared/transaction";
import { loggedEvents, writeLog } from "./audit";
import { requireTarget, type ModerationDeps } from "./context";
import type { BanInput, TimeoutInput, UserTargetInput } from "./schemas";

const activeNow = () => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] });

const banSelect = {
  id: true,
  kind: true,
  streamId: true,
  reason: true,
  createdAt: true,
  expiresAt: true,
  user: { select: { id: true, username: true, name: true } },
  createdBy: { select: { id: true, username: true, name: true } },
} as const;

/**
 * Serialises changes to one user's bans and timeouts in one stream (or their global ban) until
 * the transaction ends, so two moderators acting at once see each other's result: one ban, one
 * running timeout, one audit row per change.
 */
async function lockRestrictions(tx: DbOrTx, streamId: string | null, userId: string): Promise<void> {
  await advisoryLock(tx, `restrictions:${streamId ?? "global"}:${userId}`);
}

/** Active bans and timeouts in a stream. */
export function activeRestrictions(deps: Pick<ModerationDeps, "db" | "stream">) {
  return deps.db.ban.findMany({
    where: { streamId: deps.stream.id, ...activeNow() },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: banSelect,
  });
}

/** Times a user out of this stream's chat; a new timeout replaces one that is running. */
export async function timeoutUser(deps: ModerationDeps, input: TimeoutInput) {
  const { actor, stream } = deps;
  await requireTarget(deps, input.userId);
  const expiresAt = new Date(Date.now() + input.durationSeconds * 1000);
  return inTransaction(withNotifications(deps), async (tx) => {
    await lockRestrictions(tx, stream.id, input.userId);
    const replaced = await tx.ban.updateMany({
      where: { kind: "TIMEOUT", streamId: stream.id, userId: input.userId, ...activeNow() },
      data: { revokedAt: new Date(), revokedById: actor.id },
    });
    const ban = await tx.ban.create({
      data: { kind: "TIMEOUT", streamId: stream.id, userId: input.userId, createdById: actor.id, reason: input.reason ?? null, expiresAt },
      select: banSelect,
    });
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "USER_TIMEOUT",
      targetUserId: input.userId,
      reason: input.reason ?? null,
      details: { durationSeconds: input.durationSeconds, expiresAt: expiresAt.toISOString(), replacedTimeouts: replaced.count },
    });
    return {
      result: ban,
      events: [
        { type: "chat.restrictionChanged", streamId: stream.id, userId: input.userId, restriction: { kind: "TIMEOUT", expiresAt } },
        ...loggedEvents([entry]),
      ],
    };
  });
}

/** Bans a user from this stream's chat until unbanned. */
export async function banUser(deps: ModerationDeps, input: BanInput) {
  const { actor, stream } = deps;
  await requireTarget(deps, input.userId);
  return inTransaction(withNotifications(deps), async (tx) => {
    await lockRestrictions(tx, stream.id, input.userId);
    const existing = await tx.ban.findFirst({
      where: { kind: "BAN", streamId: stream.id, userId: input.userId, ...activeNow() },
      select: { id: true },
    });
    if (existing) throw new AppError("CONFLICT", "That user is already banned from this chat.");
    const ban = await tx.ban.create({
      data: { kind: "BAN", streamId: stream.id, userId: input.userId, createdById: actor.id, reason: input.reason ?? null },
      select: banSelect,
    });
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "USER_BAN",
      targetUserId: input.userId,
      reason: input.reason ?? null,
      details: { scope: "stream" },
    });
    return {
      result: ban,
      events: [
        { type: "chat.restrictionChanged", streamId: stream.id, userId: input.userId, restriction: { kind: "BAN", expiresAt: null } },
        ...loggedEvents([entry]),
      ],
    };
  });
}

/** Lifts a user's ban and timeout in this stream. */
export async function unbanUser(deps: ModerationDeps, input: UserTargetInput) {
  const { actor, stream } = deps;
  await requireTarget(deps, input.userId);
  return inTransaction(withNotifications(deps), async (tx) => {
    await lockRestrictions(tx, stream.id, input.userId);
    const lifted = await tx.ban.findMany({
      where: { streamId: stream.id, userId: input.userId, ...activeNow() },
      select: { id: true, kind: true },
    });
    if (lifted.length === 0) throw new AppError("NOT_FOUND", "That user is not banned or timed out in this chat.");
    await tx.ban.updateMany({ where: { id: { in: lifted.map((ban) => ban.id) } }, data: { revokedAt: new Date(), revokedById: actor.id } });
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "USER_UNBAN",
      targetUserId: input.userId,
      details: { scope: "stream", lifted: lifted.map((ban) => ban.kind) },
    });
    return {
      result: { lifted: true },
      events: [{ type: "chat.restrictionChanged", streamId: stream.id, userId: input.userId, restriction: null }, ...loggedEvents([entry])],
    };
  });
}

/** Admins: bans a user from chatting anywhere on OnAir. */
export async function banGlobally(deps: Pick<SignedInDeps, "db" | "actor">, input: { userId: string; reason?: string }) {
  const { db, actor } = deps;
  if (input.userId === actor.id) throw new AppError("BAD_REQUEST", "You cannot do this to yourself.");
  return db.$transaction(async (tx) => {
    await lockRestrictions(tx, null, input.userId);
    const target = await tx.user.findUnique({ where: { id: input.userId }, select: { role: true } });
    if (!target) throw new AppError("NOT_FOUND", "No user with that id.");
    if (target.role === "ADMIN") throw new AppError("FORBIDDEN", "You cannot act on an admin.");
    const existing = await tx.ban.findFirst({
      where: { kind: "BAN", streamId: null, userId: input.userId, ...activeNow() },
      select: { id: true },
    });
    if (existing) throw new AppError("CONFLICT", "That user is already banned from OnAir.");
    const ban = await tx.ban.create({
      data: { kind: "BAN", streamId: null, userId: input.userId, createdById: actor.id, reason: input.reason ?? null },
      select: banSelect,
    });
    await writeLog(tx, {
      streamId: null,
      actorId: actor.id,
      action: "USER_BAN",
      targetUserId: input.userId,
      reason: input.reason ?? null,
      details: { scope: "global" },
    });
    return ban;
  });
}

/** Admins: lifts a global ban. */
export async function unbanGlobally(deps: Pick<SignedInDeps, "db" | "actor">, input: { userId: string }) {
  const { db, actor } = deps;
  return db.$transaction(async (tx) => {
    await lockRestrictions(tx, null, input.userId);
    const lifted = await tx.ban.updateMany({
      where: { kind: "BAN", streamId: null, userId: input.userId, ...activeNow() },
      data: { revokedAt: new Date(), revokedById: actor.id },
    });
    if (lifted.count === 0) throw new AppError("NOT_FOUND", "That user is not banned from OnAir.");
    await writeLog(tx, {
      streamId: null,
      actorId: actor.id,
      action: "USER_UNBAN",
      targetUserId: input.userId,
      details: { scope: "global" },
    });
    return { lifted: true };
  });
}
