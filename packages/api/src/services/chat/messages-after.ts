import type { DbOrTx } from "@onair/db";
import type { ChatMessageView } from "../../events/types";
import { chatMessageSelect, toChatMessageViews } from "./message-view";

const PAGE = 500;

/** Visible messages with afterSeq < seq < beforeSeq, oldest first, read page by page (no cap on how many). */
export async function* messagesAfter(db: DbOrTx, streamId: string, afterSeq: number, beforeSeq?: number): AsyncGenerator<ChatMessageView> {
  let cursor = afterSeq;
  for (;;) {
    const rows = await db.chatMessage.findMany({
      where: { streamId, status: "VISIBLE", seq: { gt: cursor, ...(beforeSeq ? { lt: beforeSeq } : {}) } },
      orderBy: { seq: "asc" },
      take: PAGE,
      select: chatMessageSelect,
    });
    const messages = await toChatMessageViews(db, rows);
    yield* messages;
    if (rows.length < PAGE) return;
    cursor = messages.at(-1)!.seq;
  }
}
