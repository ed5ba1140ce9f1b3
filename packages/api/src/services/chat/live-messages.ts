import type { DbOrTx } from "@onair/db";
import { isChatEvent, recipientOf, type ChatEvent } from "../../events/types";
import { AppError } from "../../errors";
import { ChatSink, DirectChannel, untilAborted, type SocketLike } from "../../realtime/direct-delivery";
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
 *
 * With a `socket` (the WebSocket server), live events bypass this generator:
 * it yields a DirectChannel and the room writes to the socket (direct-delivery.ts).
 */
export async function* liveChatEvents(
  deps: { db: DbOrTx; hub: StreamHub; socket: SocketLike | null; viewerId: string | null },
  input: { streamId: string; lastEventId?: string | null; signal: AbortSignal },
): AsyncGenerator<SequencedChatEvent | DirectChannel> {
  const { db, hub, socket, viewerId } = deps;
  // Joining first (NOT_FOUND for an unknown stream): anything committed after the read below arrives live.
  const sink = socket ? new ChatSink(socket, viewerId) : null;
  const live = sink ? null : await hub.join(input.streamId, input.signal);
  if (sink) await hub.attachSink(input.streamId, sink, input.signal);
  const stream = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { lastMessageSeq: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");

  let lastSeq: number;
  if (input.lastEventId == null) {
    const history = await chatHistory({ db }, { streamId: input.streamId, limit: 50 });
    lastSeq = history.messages.at(-1)?.seq ?? 0;
    yield { seq: lastSeq, event: { type: "chat.history", streamId: input.streamId, messages: history.messages } };
  } else {
    lastSeq = Math.min(Number(input.lastEventId), stream.lastMessageSeq);
    const deleted =
      lastSeq === 0
        ? []
        : await db.chatMessage.findMany({
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

  if (sink) {
    const channel = new DirectChannel();
    // Resumed once the replay above is on the socket and the channel knows its subscription id.
    yield channel;
    // A client that stopped the subscription meanwhile never had the channel encoded: nothing to deliver.
    if (input.signal.aborted) return;
    if (!channel.attached) throw new Error("Direct chat delivery needs the OnAir WebSocket encoder (wsEncoder).");
    sink.goLive(channel, lastSeq);
    await untilAborted(input.signal);
    return;
  }

  for await (const event of live!) {
    if (event.type === "chat.message") {
      // The hub delivers messages in order; replayed ones come again here and are skipped.
      if (event.message.seq <= lastSeq) continue;
      lastSeq = event.message.seq;
      yield { seq: lastSeq, event };
    } else if (isChatEvent(event) && (event.type === "chat.messageDeleted" || (viewerId !== null && recipientOf(event) === viewerId))) {
      yield { seq: lastSeq, event };
    }
  }
}
