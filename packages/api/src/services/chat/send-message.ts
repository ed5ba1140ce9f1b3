import type { Db } from "@onair/db";
import type { EventBus } from "../../events/bus";
import type { ChatMessageView } from "../../events/types";
import { AppError } from "../../errors";
import type { SessionUser } from "../account/session-user";
import { chatMessageSelect, toChatMessageView } from "./message-view";
import type { SendMessageInput } from "./schemas";

const MENTION = /(?:^|[^\w@])@([a-z0-9_]{3,24})\b/gi;

export function mentionedUsernames(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((match) => match[1]!.toLowerCase()))];
}

/**
 * Stores a chat message with the stream's next sequence number and publishes it.
 * The sequence counter lives on the stream row: incrementing it locks the row until
 * commit, so numbers are gap-free and commit in order.
 */
export async function sendChatMessage(
  deps: { db: Db; bus: EventBus; actor: SessionUser },
  input: SendMessageInput,
): Promise<ChatMessageView> {
  const { db, bus, actor } = deps;
  const usernames = mentionedUsernames(input.body);

  const row = await db.$transaction(async (tx) => {
    const stream = await tx.liveStream.findUnique({
      where: { id: input.streamId },
      select: { status: true, chatEnabled: true },
    });
    if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
    if (stream.status === "ENDED") throw new AppError("PRECONDITION_FAILED", "This stream has ended; its chat is closed.");
    if (!stream.chatEnabled) throw new AppError("PRECONDITION_FAILED", "Chat is turned off for this stream.");

    if (input.replyToId) {
      const parent = await tx.chatMessage.findFirst({
        where: { id: input.replyToId, streamId: input.streamId, status: "VISIBLE" },
        select: { id: true },
      });
      if (!parent) throw new AppError("NOT_FOUND", "The message you are replying to does not exist.");
    }

    const mentioned = usernames.length
      ? await tx.user.findMany({ where: { username: { in: usernames } }, select: { id: true } })
      : [];

    const { lastMessageSeq } = await tx.liveStream.update({
      where: { id: input.streamId },
      data: { lastMessageSeq: { increment: 1 } },
      select: { lastMessageSeq: true },
    });
    return tx.chatMessage.create({
      data: {
        streamId: input.streamId,
        seq: lastMessageSeq,
        userId: actor.id,
        body: input.body,
        replyToId: input.replyToId ?? null,
        mentionedUserIds: mentioned.map((user) => user.id),
      },
      select: chatMessageSelect,
    });
  });

  const message = toChatMessageView(row);
  // The message is stored: if publishing fails, subscribers still get it from
  // PostgreSQL (they fill sequence gaps), so the send is not reported as failed.
  await bus.publish({ type: "chat.message", streamId: message.streamId, message }).catch((error: unknown) => {
    console.error(`[chat] stored message ${message.id} but could not publish it:`, error);
  });
  return message;
}
