import type { DbOrTx } from "@onair/db";
import type { ChatEvent } from "../../events/types";
import { AppError } from "../../errors";
import type { StreamHub } from "../../realtime/stream-hub";
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
 * The resumable chat feed of a stream. Joins the stream's live events first,
 * then catches up from PostgreSQL, then follows live events, so nothing falls
 * in between:
 * - without `lastEventId`: one `chat.history` event (the newest page), then live;
 * - with it: every visible message after it, each once and in order (no cap),
 *   plus any deletions among the messages just before it, then live.
 */
export async function* liveChatEvents(
  deps: { db: DbOrTx; hub: StreamHub },
  input: { streamId: string; lastEventId?: string | null; signal: AbortSignal },
): AsyncGenerator<SequencedChatEvent> {
  const { db, hub } = deps;
  const stream = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { id: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");

  const live = await hub.join(input.streamId, input.signal);
  // Read after joining: anything committed later arrives through `live`.
  const { lastMessageSeq } = await db.liveStream.findUniqueOrThrow({ where: { id: input.streamId }, select: { lastMessageSeq: true } });

  let lastSeq: number;
  if (input.lastEventId == null) {
    const history = await chatHistory(db, { streamId: input.streamId, limit: 50 });
    lastSeq = history.messages.at(-1)?.seq ?? 0;
    yield { seq: lastSeq, event: { type: "chat.history", streamId: input.streamId, messages: history.messages } };
  } else {
    lastSeq = Math.min(Number(input.lastEventId), lastMessageSeq);
    const deleted = await db.chatMessage.findMany({
      where: { streamId: input.streamId, status: "DELETED", seq: { gt: Math.max(0, lastSeq - DELETION_WINDOW), lte: lastSeq } },
      select: { id: true },
    });
    if (deleted.length > 0) {
      yield { seq: lastSeq, event: { type: "chat.messageDeleted", streamId: input.streamId, messageIds: deleted.map((m) => m.id) } };
    }
  }
  for await (const message of messagesAfter(db, input.streamId, lastSeq)) {
    lastSeq = message.seq;
    yield { seq: lastSeq, event: { type: "chat.message", streamId: input.streamId, message } };
  }

  for await (const event of live) {
    if (event.type === "chat.message") {
      // The hub delivers messages in order; replayed ones come again here and are skipped.
      if (event.message.seq <= lastSeq) continue;
      lastSeq = event.message.seq;
      yield { seq: lastSeq, event };
    } else if (event.type === "chat.messageDeleted") {
      yield { seq: lastSeq, event };
    }
  }
}
