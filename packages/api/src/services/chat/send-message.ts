import { randomUUID } from "node:crypto";
import type { Db } from "@onair/db";
import { publishCommitted, type EventBus } from "../../events/bus";
import type { ChatMessageView } from "../../events/types";
import { AppError } from "../../errors";
import type { SessionUser } from "../account/session-user";
import type { SendMessageInput } from "./schemas";

const MENTION = /(?:^|[^\w@])@([a-z0-9_]{3,24})\b/gi;

export function mentionedUsernames(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((match) => match[1]!.toLowerCase()))];
}

/** Why a stream takes no messages, once the insert found it closed. */
async function refusal(db: Db, streamId: string): Promise<AppError> {
  const stream = await db.liveStream.findUnique({ where: { id: streamId }, select: { status: true, chatEnabled: true } });
  if (!stream) return new AppError("NOT_FOUND", "Stream not found.");
  if (stream.status === "ENDED") return new AppError("PRECONDITION_FAILED", "This stream has ended; its chat is closed.");
  return new AppError("PRECONDITION_FAILED", "Chat is turned off for this stream.");
}

/**
 * Stores a chat message with the stream's next sequence number and publishes it.
 * One statement does both: it increments the counter on the stream row (whose
 * lock orders concurrent sends, so numbers are gap-free and commit in order) and
 * inserts the message; the lock is held only for that statement.
 */
export async function sendChatMessage(
  deps: { db: Db; bus: EventBus; actor: SessionUser },
  input: SendMessageInput,
): Promise<ChatMessageView> {
  const { db, bus, actor } = deps;

  if (input.replyToId) {
    const parent = await db.chatMessage.findFirst({
      where: { id: input.replyToId, streamId: input.streamId, status: "VISIBLE" },
      select: { id: true },
    });
    if (!parent) {
      const streamExists = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { id: true } });
      throw streamExists ? new AppError("NOT_FOUND", "The message you are replying to does not exist.") : new AppError("NOT_FOUND", "Stream not found.");
    }
  }
  const usernames = mentionedUsernames(input.body);
  const mentionedUserIds = usernames.length
    ? (await db.user.findMany({ where: { username: { in: usernames } }, select: { id: true } })).map((user) => user.id)
    : [];

  const id = randomUUID();
  const replyToId = input.replyToId ?? null;
  const rows = await db.$queryRaw<Array<{ seq: number; createdAt: Date }>>`
    WITH next AS (
      UPDATE live_streams SET "lastMessageSeq" = "lastMessageSeq" + 1
      WHERE id = ${input.streamId} AND status <> 'ENDED' AND "chatEnabled"
      RETURNING "lastMessageSeq"
    )
    INSERT INTO chat_messages (id, "streamId", seq, "userId", body, "replyToId", "mentionedUserIds")
    SELECT ${id}, ${input.streamId}, next."lastMessageSeq", ${actor.id}, ${input.body}, ${replyToId}, ${mentionedUserIds}::text[]
    FROM next
    RETURNING seq, "createdAt"`;
  const stored = rows[0];
  if (!stored) throw await refusal(db, input.streamId);

  const message: ChatMessageView = {
    id,
    streamId: input.streamId,
    seq: stored.seq,
    body: input.body,
    replyToId,
    createdAt: stored.createdAt,
    author: { id: actor.id, username: actor.username, name: actor.name, role: actor.role },
  };
  // Stored: if publishing fails, rooms fill the sequence gap from PostgreSQL, so the send still succeeds.
  await publishCommitted(bus, { type: "chat.message", streamId: message.streamId, message });
  return message;
}
