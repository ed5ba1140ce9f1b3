import type { DbOrTx } from "@onair/db";
import type { HeldMessageView, StreamEvent } from "../../events/types";
import { AppError } from "../../errors";
import { chatMessageSelect, heldMessageSelect, toChatMessageViews, toHeldMessageView } from "../chat/message-view";
import { withNotifications } from "../notifications/producers";
import { inTransaction } from "../shared/transaction";
import { loggedEvents, writeLog } from "./audit";
import { requireTarget, type ModerationDeps } from "./context";
import type { StreamRef } from "./permissions";
import type { MessageActionInput, PurgeInput } from "./schemas";

async function findMessage(deps: ModerationDeps, messageId: string) {
  const message = await deps.db.chatMessage.findFirst({
    where: { id: messageId, streamId: deps.stream.id },
    select: { id: true, userId: true, status: true },
  });
  if (!message) throw new AppError("NOT_FOUND", "No message with that id in this stream.");
  return message;
}

/** Removes a visible message for everyone, live and from history and replay. */
export async function deleteMessage(deps: ModerationDeps, input: MessageActionInput) {
  const { actor, stream } = deps;
  const message = await findMessage(deps, input.messageId);
  if (message.status === "DELETED") throw new AppError("CONFLICT", "That message is already deleted.");
  if (message.status === "DENIED") throw new AppError("CONFLICT", "That message was turned down in review; nobody else sees it.");
  if (message.status === "HELD") throw new AppError("CONFLICT", "That message is waiting for review: approve or deny it instead.");
  if (message.userId !== actor.id) await requireTarget(deps, message.userId);

  return inTransaction(withNotifications(deps), async (tx) => {
    const { count } = await tx.chatMessage.updateMany({
      where: { id: message.id, status: "VISIBLE" },
      data: { status: "DELETED", deletedAt: new Date(), deletedById: actor.id },
    });
    if (count === 0) throw new AppError("CONFLICT", "That message is already deleted.");
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "MESSAGE_DELETE",
      targetUserId: message.userId,
      targetMessageId: message.id,
      reason: input.reason ?? null,
    });
    return {
      result: { messageId: message.id, status: "DELETED" as const },
      events: [{ type: "chat.messageDeleted", streamId: stream.id, messageIds: [message.id] }, ...loggedEvents([entry])],
    };
  });
}

/** The hold-for-review queue, oldest first. */
export async function heldQueue(deps: { db: DbOrTx; stream: StreamRef }): Promise<HeldMessageView[]> {
  const rows = await deps.db.chatMessage.findMany({
    where: { streamId: deps.stream.id, status: "HELD" },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: heldMessageSelect,
  });
  return rows.map(toHeldMessageView);
}

/** Publishes a held message: it gets the stream's next sequence number, so every viewer (and every resume) receives it. */
export async function approveMessage(deps: ModerationDeps, input: MessageActionInput) {
  const { actor, stream } = deps;
  const message = await findMessage(deps, input.messageId);
  if (message.status !== "HELD") throw new AppError("CONFLICT", "That message is not waiting for review.");
  if (stream.status === "ENDED") throw new AppError("PRECONDITION_FAILED", "This stream has ended; its chat is closed.");

  return inTransaction(withNotifications(deps), async (tx) => {
    // The message row lock makes a second, concurrent approval find nothing HELD and hand out no number.
    const rows = await tx.$queryRaw<Array<{ seq: number }>>`
      WITH target AS (
        SELECT id FROM chat_messages WHERE id = ${message.id} AND "streamId" = ${stream.id} AND status = 'HELD' FOR UPDATE
      ), next AS (
        UPDATE live_streams SET "lastMessageSeq" = "lastMessageSeq" + 1
        WHERE id = ${stream.id} AND status <> 'ENDED' AND EXISTS (SELECT 1 FROM target)
        RETURNING "lastMessageSeq"
      )
      UPDATE chat_messages m SET status = 'VISIBLE', seq = next."lastMessageSeq"
      FROM next, target WHERE m.id = target.id
      RETURNING m.seq`;
    if (rows.length === 0) throw new AppError("CONFLICT", "That message was just reviewed by someone else.");
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "MESSAGE_APPROVE",
      targetUserId: message.userId,
      targetMessageId: message.id,
      reason: input.reason ?? null,
    });
    const approved = await tx.chatMessage.findUniqueOrThrow({ where: { id: message.id }, select: chatMessageSelect });
    const view = (await toChatMessageViews(tx, [approved]))[0]!;
    return {
      result: { status: "VISIBLE" as const, message: view },
      events: [
        { type: "chat.message", streamId: stream.id, message: view },
        { type: "moderation.reviewed", streamId: stream.id, messageId: message.id, approved: true },
        ...loggedEvents([entry]),
      ],
    };
  });
}

/** Turns a held message down: nobody but its author ever sees it, and they are told. */
export async function denyMessage(deps: ModerationDeps, input: MessageActionInput) {
  const { actor, stream } = deps;
  const message = await findMessage(deps, input.messageId);
  if (message.status !== "HELD") throw new AppError("CONFLICT", "That message is not waiting for review.");
  return inTransaction(deps, async (tx) => {
    const { count } = await tx.chatMessage.updateMany({
      where: { id: message.id, status: "HELD" },
      data: { status: "DENIED", deletedAt: new Date(), deletedById: actor.id },
    });
    if (count === 0) throw new AppError("CONFLICT", "That message was just reviewed by someone else.");
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "MESSAGE_DENY",
      targetUserId: message.userId,
      targetMessageId: message.id,
      reason: input.reason ?? null,
    });
    return {
      result: { messageId: message.id, status: "DENIED" as const },
      events: [
        { type: "chat.messageDenied", streamId: stream.id, messageId: message.id, authorId: message.userId },
        { type: "moderation.reviewed", streamId: stream.id, messageId: message.id, approved: false },
        ...loggedEvents([entry]),
      ],
    };
  });
}

/** Deletes a user's recent messages in this stream (visible and held) in one go. */
export async function purgeUserMessages(deps: ModerationDeps, input: PurgeInput) {
  const { actor, stream } = deps;
  await requireTarget(deps, input.userId);
  const since = new Date(Date.now() - input.windowMinutes * 60_000);
  return inTransaction(deps, async (tx) => {
    const rows = await tx.chatMessage.findMany({
      where: { streamId: stream.id, userId: input.userId, status: { in: ["VISIBLE", "HELD"] }, createdAt: { gte: since } },
      select: { id: true },
    });
    const messageIds = rows.map((row) => row.id);
    if (messageIds.length) {
      await tx.chatMessage.updateMany({
        where: { id: { in: messageIds } },
        data: { status: "DELETED", deletedAt: new Date(), deletedById: actor.id },
      });
    }
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "USER_PURGE",
      targetUserId: input.userId,
      reason: input.reason ?? null,
      details: { windowMinutes: input.windowMinutes, deleted: messageIds.length, messageIds },
    });
    const deleted: StreamEvent[] = messageIds.length ? [{ type: "chat.messageDeleted", streamId: stream.id, messageIds }] : [];
    return { result: { deleted: messageIds.length }, events: [...deleted, ...loggedEvents([entry])] };
  });
}
