import type { DbOrTx } from "@onair/db";
import type { EventBus } from "../../events/bus";
import type { ChatMessageView } from "../../events/types";
import { AppError } from "../../errors";
import { messagesAfter } from "./messages-after";

/**
 * Every visible chat message after `lastEventId`, then live ones, each once and in
 * sequence order. Subscribes first, then replays from PostgreSQL, so nothing falls
 * between replay and live; a live event that skips numbers (publishes can overtake
 * each other) is preceded by the missing messages read from PostgreSQL.
 */
export async function* liveChatMessages(
  deps: { db: DbOrTx; bus: EventBus },
  input: { streamId: string; lastEventId?: string | null; signal: AbortSignal },
): AsyncGenerator<ChatMessageView> {
  const { db, bus } = deps;
  const exists = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { id: true } });
  if (!exists) throw new AppError("NOT_FOUND", "Stream not found.");

  const live = await bus.subscribe(input.streamId, input.signal);
  // Read after subscribing: anything committed later arrives through `live`.
  const { lastMessageSeq } = await db.liveStream.findUniqueOrThrow({
    where: { id: input.streamId },
    select: { lastMessageSeq: true },
  });
  let lastSeq = input.lastEventId == null ? lastMessageSeq : Math.min(Number(input.lastEventId), lastMessageSeq);

  for await (const message of messagesAfter(db, input.streamId, lastSeq)) {
    lastSeq = message.seq;
    yield message;
  }
  for await (const event of live) {
    if (event.type !== "chat.message") continue;
    const { seq } = event.message;
    if (seq <= lastSeq) continue;
    if (seq > lastSeq + 1) {
      for await (const missed of messagesAfter(db, input.streamId, lastSeq, seq)) yield missed;
    }
    lastSeq = seq;
    yield event.message;
  }
}
