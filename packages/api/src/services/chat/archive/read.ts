import type { DbOrTx, Prisma } from "@onair/db";
import type { ChatMessageView } from "../../../events/types";
import { toChatMessageViews, type SelectedMessage } from "../message-view";
import { decodeChunk, type ArchivedMessage } from "./chunk";

/** Chunk headers read per query while looking for the ones a page needs. */
const CHUNK_PAGE = 50;

/**
 * Readers of chat that may have been archived (replay, history) read the live
 * table FIRST and the archive second, then merge with mergeChat: a batch that
 * commits between the two reads is then seen twice (merged away by id), never
 * missed.
 */

/** Archived messages that viewers may see, as clients see them (through the same mapping as live rows); messages whose author's account is gone are left out (as the live table's are, by cascade). */
async function visibleViews(db: DbOrTx, messages: ArchivedMessage[], streamId: string): Promise<ChatMessageView[]> {
  const visible = messages.filter((message) => message.status === "VISIBLE" && message.seq !== null);
  if (visible.length === 0) return [];
  const authors = await db.user.findMany({
    where: { id: { in: [...new Set(visible.map((message) => message.userId))] } },
    select: { id: true, username: true, name: true, role: true },
  });
  const byId = new Map(authors.map((author) => [author.id, author]));
  const rows: SelectedMessage[] = visible.flatMap((message) => {
    const user = byId.get(message.userId);
    if (!user) return [];
    const { replyTo } = message;
    return [
      {
        id: message.id,
        streamId,
        seq: message.seq,
        body: message.body,
        replyToId: message.replyToId,
        mentionedUserIds: message.mentionedUserIds,
        createdAt: new Date(message.createdAt),
        authorBadge: message.authorBadge,
        user,
        replyTo: replyTo && { id: replyTo.id, seq: replyTo.seq, status: replyTo.status, body: replyTo.body, user: replyTo.author },
      },
    ];
  });
  return toChatMessageViews(db, rows);
}

/**
 * Walks a stream's chunks in `order` and keeps the `take` first messages by
 * `before` (a strict order on messages). Chunks can overlap in time and seq (the
 * archiver keeps some messages back for a while), so a chunk is read unless its
 * `bound` (its earliest possible message in that order) comes after the
 * `take`-th message kept so far.
 */
async function collect(
  db: DbOrTx,
  query: {
    where: Prisma.ChatArchiveChunkWhereInput;
    orderBy: Prisma.ChatArchiveChunkOrderByWithRelationInput[];
    streamId: string;
    take: number;
    keep: (message: ChatMessageView) => boolean;
    before: (a: ChatMessageView, b: ChatMessageView) => number;
    /** Whether no message of this chunk can come before `kth`. */
    pastBound: (chunk: { firstAt: Date; lastSeq: number | null }, kth: ChatMessageView) => boolean;
  },
): Promise<ChatMessageView[]> {
  let kept: ChatMessageView[] = [];
  for (let skip = 0; ; skip += CHUNK_PAGE) {
    const headers = await db.chatArchiveChunk.findMany({
      where: { streamId: query.streamId, ...query.where },
      orderBy: [...query.orderBy, { id: "asc" }],
      skip,
      take: CHUNK_PAGE,
      select: { id: true, firstAt: true, lastSeq: true },
    });
    for (const header of headers) {
      if (kept.length >= query.take && query.pastBound(header, kept[query.take - 1]!)) return kept;
      const { data } = await db.chatArchiveChunk.findUniqueOrThrow({ where: { id: header.id }, select: { data: true } });
      const views = await visibleViews(db, await decodeChunk(data), query.streamId);
      kept = [...kept, ...views.filter(query.keep)].sort(query.before).slice(0, query.take);
    }
    if (headers.length < CHUNK_PAGE) return kept;
  }
}

const byTimeThenSeq = (a: ChatMessageView, b: ChatMessageView) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq;
const bySeqNewestFirst = (a: ChatMessageView, b: ChatMessageView) => b.seq - a.seq;

/** Up to `take` archived visible messages of a stream sent after `after`, oldest first (by time, then seq), for chat replay. */
export function archivedChatAfter(db: DbOrTx, input: { streamId: string; after: Date; take: number }): Promise<ChatMessageView[]> {
  return collect(db, {
    streamId: input.streamId,
    where: { lastAt: { gt: input.after } },
    orderBy: [{ firstAt: "asc" }],
    take: input.take,
    keep: (message) => message.createdAt > input.after,
    before: byTimeThenSeq,
    pastBound: (chunk, kth) => chunk.firstAt > kth.createdAt,
  });
}

/** Up to `take` archived visible messages of a stream with seq below `beforeSeq` (all when null), newest first, for chat history. */
export function archivedChatBefore(
  db: DbOrTx,
  input: { streamId: string; beforeSeq: number | null; take: number },
): Promise<ChatMessageView[]> {
  const { beforeSeq } = input;
  return collect(db, {
    streamId: input.streamId,
    where: beforeSeq === null ? { firstSeq: { not: null } } : { firstSeq: { lt: beforeSeq } },
    orderBy: [{ lastSeq: "desc" }],
    take: input.take,
    keep: (message) => beforeSeq === null || message.seq < beforeSeq,
    before: bySeqNewestFirst,
    pastBound: (chunk, kth) => chunk.lastSeq !== null && chunk.lastSeq < kth.seq,
  });
}

/** Live and archived messages in one list: in the reader's order, each message once, at most `take`. */
export function mergeChat(
  live: ChatMessageView[],
  archived: ChatMessageView[],
  order: "oldestFirst" | "newestFirst",
  take: number,
): ChatMessageView[] {
  const liveIds = new Set(live.map((message) => message.id));
  return [...live, ...archived.filter((message) => !liveIds.has(message.id))]
    .sort(order === "oldestFirst" ? byTimeThenSeq : bySeqNewestFirst)
    .slice(0, take);
}
