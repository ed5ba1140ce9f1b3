import type { DbOrTx } from "@onair/db";
import { z } from "zod";
import { AppError } from "../../errors";
import { streamIdSchema } from "../shared/ids";
import { archivedChatAfter, mergeChat } from "./archive/read";
import { chatMessageSelect, toChatMessageViews } from "./message-view";

export const REPLAY_PAGE_MAX = 200;

export const chatReplayInput = z.object({
  streamId: streamIdSchema,
  /** Messages sent after this moment (exclusive): the replay's wall clock minus the history it shows. */
  after: z.date("after must be a date."),
  limit: z.int32().min(1).max(REPLAY_PAGE_MAX).default(100),
});
export type ChatReplayInput = z.infer<typeof chatReplayInput>;

/**
 * The visible chat of an ended stream from a moment on, oldest first, for replaying it in step
 * with the video. Pages end on a millisecond boundary: messages that share their creation time
 * with the first one left out wait for the next page, so `after = nextAfter` skips nothing.
 */
export async function chatReplay(deps: { db: DbOrTx }, input: ChatReplayInput) {
  const { db } = deps;
  const stream = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { status: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  if (stream.status !== "ENDED") {
    throw new AppError("PRECONDITION_FAILED", "Chat replay is available once the stream has ended: follow the live chat instead.");
  }

  const live = await db.chatMessage.findMany({
    where: { streamId: input.streamId, status: "VISIBLE", createdAt: { gt: input.after } },
    orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
    take: input.limit + 1,
    select: chatMessageSelect,
  });
  // Chat older than the retention period is in the archive (read after the live table: see archive/read.ts).
  const archived = await archivedChatAfter(db, { streamId: input.streamId, after: input.after, take: input.limit + 1 });
  const rows = mergeChat(await toChatMessageViews(db, live), archived, "oldestFirst", input.limit + 1);
  if (rows.length <= input.limit) return { messages: rows, nextAfter: null };

  const firstLeftOut = rows[input.limit]!.createdAt.getTime();
  const whole = rows.slice(0, input.limit).filter((row) => row.createdAt.getTime() < firstLeftOut);
  // More than a page sent in one millisecond: the rest of that millisecond cannot be paged to, so the page is cut there.
  const page = whole.length > 0 ? whole : rows.slice(0, input.limit);
  return {
    messages: page,
    /** Pass as `after` for the next page; null when this page reaches the end of the chat. */
    nextAfter: page.at(-1)!.createdAt,
  };
}
