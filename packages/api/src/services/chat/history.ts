import type { DbOrTx } from "@onair/db";
import { AppError } from "../../errors";
import { archivedChatBefore, mergeChat } from "./archive/read";
import { chatMessageSelect, toChatMessageViews } from "./message-view";
import type { ChatHistoryInput } from "./schemas";

/** One page of visible messages, newest page first; messages within a page are oldest first. */
export async function chatHistory(deps: { db: DbOrTx }, input: ChatHistoryInput) {
  const { db } = deps;
  const stream = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { id: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");

  const live = await db.chatMessage.findMany({
    where: { streamId: input.streamId, status: "VISIBLE", ...(input.cursor ? { seq: { lt: input.cursor } } : {}) },
    orderBy: { seq: "desc" },
    take: input.limit + 1,
    select: chatMessageSelect,
  });
  // Chat older than the retention period is in the archive (read after the live table: see archive/read.ts).
  const archived = await archivedChatBefore(db, { streamId: input.streamId, beforeSeq: input.cursor ?? null, take: input.limit + 1 });
  const rows = mergeChat(await toChatMessageViews(db, live), archived, "newestFirst", input.limit + 1);
  const hasOlder = rows.length > input.limit;
  const page = rows.slice(0, input.limit).reverse();
  return {
    messages: page,
    /** Pass as `cursor` to get the next (older) page; null when there is none. */
    nextCursor: hasOlder ? page[0]!.seq : null,
  };
}
