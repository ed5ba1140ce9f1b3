import type { DbOrTx } from "@onair/db";
import type { ChatEvent } from "../../events/types";
import { AppError } from "../../errors";
import { chatHistory } from "./history";
import { messagesAfter } from "./messages-after";

/** How far back a resuming client is told about deletions it may have missed. */
const DELETION_WINDOW = 500;

export interface SequencedChatEvent {
  /** The sequence number a client resumes after once it has this event. */
  seq: number;
  event: ChatEvent;
}

/**
 * What a chat subscriber gets before live events, read from PostgreSQL:
 * - without `lastEventId`: one `chat.history` event (the newest page);
 * - with it: any deletions among the messages just before it, then every
 *   visible message after it, each once and in order (no cap).
 * The last item's seq (or the returned one, when there is none) is where live delivery continues.
 * Throws NOT_FOUND for a stream that does not exist.
 */
export async function* chatCatchUp(
  deps: { db: DbOrTx },
  input: { streamId: string; lastEventId?: string | null },
): AsyncGenerator<SequencedChatEvent, number> {
  const { db } = deps;
  const { streamId } = input;
  const stream = await db.liveStream.findUnique({ where: { id: streamId }, select: { lastMessageSeq: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");

  let lastSeq: number;
  if (input.lastEventId == null) {
    const history = await chatHistory({ db }, { streamId, limit: 50 });
    lastSeq = history.messages.at(-1)?.seq ?? 0;
    yield { seq: lastSeq, event: { type: "chat.history", streamId, messages: history.messages } };
  } else {
    lastSeq = Math.min(Number(input.lastEventId), stream.lastMessageSeq);
    const deleted =
      lastSeq === 0
        ? []
        : await db.chatMessage.findMany({
            where: { streamId, status: "DELETED", seq: { gt: Math.max(0, lastSeq - DELETION_WINDOW), lte: lastSeq } },
            select: { id: true },
          });
    if (deleted.length > 0) yield { seq: lastSeq, event: { type: "chat.messageDeleted", streamId, messageIds: deleted.map((m) => m.id) } };
  }
  for await (const message of messagesAfter(db, streamId, lastSeq)) {
    lastSeq = message.seq;
    yield { seq: lastSeq, event: { type: "chat.message", streamId, message } };
  }
  return lastSeq;
}
