import type { Db, MessageStatus } from "@onair/db";
import { decodeChunk, type ArchivedMessage } from "../src/services/chat/archive/chunk";

/**
 * Runs `work` while holding the test database's site-settings lock (the same
 * advisory lock as withStreamCreationPolicy). The archiver sweeps every stream
 * and reads the one settings row, which test files share while they run in
 * parallel: every test that runs it or changes the settings takes its turn.
 */
export async function exclusively<T>(db: Db, work: () => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('test:site-settings', 0))`;
      return work();
    },
    { timeout: 120_000, maxWait: 120_000 },
  );
}

export interface SeedMessage {
  /** Seconds after `start`. */
  second: number;
  body?: string;
  status?: MessageStatus;
  replyToIndex?: number;
  /** Milliseconds added to the second (messages sharing a millisecond). */
  ms?: number;
}

/**
 * Stores messages of one stream sent at `start` + each message's second, as
 * chat.send would have (consecutive seq for visible and deleted ones, none for
 * held ones), and advances the stream's counter. Returns the ids in the given order.
 */
export async function seedChat(db: Db, input: { streamId: string; userIds: string[]; start: Date; messages: SeedMessage[] }) {
  const stream = await db.liveStream.findUniqueOrThrow({ where: { id: input.streamId }, select: { lastMessageSeq: true } });
  let seq = stream.lastMessageSeq;
  const ids: string[] = [];
  for (const [index, message] of input.messages.entries()) {
    const status = message.status ?? "VISIBLE";
    const row = await db.chatMessage.create({
      data: {
        streamId: input.streamId,
        userId: input.userIds[index % input.userIds.length]!,
        body: message.body ?? `message ${index}`,
        status,
        seq: status === "HELD" || status === "DENIED" ? null : ++seq,
        replyToId: message.replyToIndex === undefined ? null : ids[message.replyToIndex]!,
        createdAt: new Date(input.start.getTime() + message.second * 1_000 + (message.ms ?? 0)),
        deletedAt: status === "DELETED" ? new Date(input.start.getTime() + message.second * 1_000 + 500) : null,
      },
      select: { id: true },
    });
    ids.push(row.id);
  }
  await db.liveStream.update({ where: { id: input.streamId }, data: { lastMessageSeq: seq } });
  return ids;
}

/** `count` visible messages one second apart (bulk insert, for volume). */
export async function seedManyChat(db: Db, input: { streamId: string; userIds: string[]; start: Date; count: number }) {
  const stream = await db.liveStream.findUniqueOrThrow({ where: { id: input.streamId }, select: { lastMessageSeq: true } });
  const first = stream.lastMessageSeq;
  const rows = await db.chatMessage.createManyAndReturn({
    data: Array.from({ length: input.count }, (_, i) => ({
      streamId: input.streamId,
      userId: input.userIds[i % input.userIds.length]!,
      body: `old message ${first + i + 1}`,
      seq: first + i + 1,
      createdAt: new Date(input.start.getTime() + i * 1_000),
    })),
    select: { id: true },
  });
  await db.liveStream.update({ where: { id: input.streamId }, data: { lastMessageSeq: first + input.count } });
  return rows.map((row) => row.id);
}

/** Every archived message of the streams, chunk by chunk in insertion order (duplicates kept, so a test can see them). */
export async function archivedMessages(db: Db, streamIds: string[]): Promise<ArchivedMessage[]> {
  const chunks = await db.chatArchiveChunk.findMany({
    where: { streamId: { in: streamIds } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { data: true, messageCount: true },
  });
  const messages: ArchivedMessage[] = [];
  for (const chunk of chunks) {
    const decoded = await decodeChunk(chunk.data);
    if (decoded.length !== chunk.messageCount) throw new Error(`chunk holds ${decoded.length} messages, says ${chunk.messageCount}`);
    messages.push(...decoded);
  }
  return messages;
}

/** Ids of the streams' messages still in the live table. */
export async function liveMessageIds(db: Db, streamIds: string[]): Promise<string[]> {
  const rows = await db.chatMessage.findMany({ where: { streamId: { in: streamIds } }, select: { id: true } });
  return rows.map((row) => row.id);
}

/** How many times each id occurs across the live table and the archive (a correct archiver: once each). */
export async function occurrences(db: Db, streamIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const all = [...(await liveMessageIds(db, streamIds)), ...(await archivedMessages(db, streamIds)).map((message) => message.id)];
  for (const id of all) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
