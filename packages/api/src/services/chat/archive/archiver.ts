import type { ChatBadge, ChatRetentionMode, Db, DbOrTx, MessageStatus, Role } from "@onair/db";
import { encodeChunk, type ArchivedMessage } from "./chunk";

/** Messages of one stream moved (or deleted) per transaction: small enough to keep row locks short. */
export const ARCHIVE_BATCH_SIZE = 500;

/** Streams looked at per query while finding those with chat older than the cutoff. */
const STREAM_PAGE = 100;

export interface ArchiveOptions {
  mode: ChatRetentionMode;
  /** Messages created before this moment leave the live table. */
  cutoff: Date;
  batchSize?: number;
  /** Stop (between batches) once this moment has passed; the next run carries on. */
  deadline?: Date;
  /** Only these streams (one stream's chat, or a test's streams); default: every stream. */
  streamIds?: string[];
  /** Stop (between batches) when aborted, as on shutdown. */
  signal?: AbortSignal;
  /** Progress lines (default: console.log with a [chat.archive] label). */
  log?: (line: string) => void;
}

export interface ArchiveRunResult {
  runId: string;
  archived: number;
  deleted: number;
  /** false when it stopped early (deadline, abort): messages older than the cutoff may remain. */
  finished: boolean;
}

interface CandidateRow {
  id: string;
  seq: number | null;
  userId: string;
  body: string;
  originalBody: string | null;
  authorBadge: ChatBadge | null;
  status: MessageStatus;
  replyToId: string | null;
  mentionedUserIds: string[];
  clientMessageId: string | null;
  createdAt: Date;
  deletedAt: Date | null;
  deletedById: string | null;
  username: string;
  name: string | null;
  role: Role;
  parentSeq: number | null;
  parentStatus: MessageStatus | null;
  parentBody: string | null;
  parentUsername: string | null;
  parentName: string | null;
}

/**
 * Takes the oldest messages of one stream older than the cutoff and moves them
 * out, in one transaction: the chunk (ARCHIVE mode), the delete and the run's
 * count commit together or not at all, so an interrupted run loses and
 * duplicates nothing. Rows another transaction holds are skipped (SKIP LOCKED),
 * never waited for, so two archivers share the work and chat is never blocked.
 *
 * Kept in the live table (see docs/chat-retention.md): messages an audit entry
 * names (deleting them would blank the entry's targetMessageId, and held ones
 * are open moderation work), and messages a live message replies to (the reply
 * would lose its link); these go once their replies have gone.
 */
async function archiveBatch(
  db: Db,
  batch: { runId: string; streamId: string; cutoff: Date; mode: ChatRetentionMode; size: number },
): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // Ordered by the (streamId, createdAt) index alone, so a batch reads its rows off the index instead of sorting the stream's old chat.
      const rows = await tx.$queryRaw<CandidateRow[]>`
        SELECT m.id, m.seq, m."userId", m.body, m."originalBody", m."authorBadge"::text AS "authorBadge", m.status::text AS status,
               m."replyToId", m."mentionedUserIds", m."clientMessageId", m."createdAt", m."deletedAt", m."deletedById",
               u.username, u.name, u.role::text AS role,
               p.seq AS "parentSeq", p.status::text AS "parentStatus", p.body AS "parentBody",
               pu.username AS "parentUsername", pu.name AS "parentName"
        FROM chat_messages m
        JOIN users u ON u.id = m."userId"
        LEFT JOIN chat_messages p ON p.id = m."replyToId"
        LEFT JOIN users pu ON pu.id = p."userId"
        WHERE m."streamId" = ${batch.streamId} AND m."createdAt" < ${batch.cutoff}
          AND NOT EXISTS (SELECT 1 FROM chat_messages r WHERE r."replyToId" = m.id)
          AND NOT EXISTS (SELECT 1 FROM moderation_logs l WHERE l."targetMessageId" = m.id)
        ORDER BY m."createdAt"
        LIMIT ${batch.size}
        FOR UPDATE OF m SKIP LOCKED`;
      if (rows.length === 0) return 0;

      if (batch.mode === "ARCHIVE") await insertChunk(tx, batch.streamId, rows);
      const ids = rows.map((row) => row.id);
      const removed = await tx.$executeRaw`DELETE FROM chat_messages WHERE id = ANY(${ids}::text[])`;
      // The rows are locked by this transaction: anything else means the database is not what this code expects.
      if (removed !== ids.length) throw new Error(`chat archive: deleted ${removed} of ${ids.length} locked messages`);
      await tx.chatArchiveRun.update({
        where: { id: batch.runId },
        data: batch.mode === "ARCHIVE" ? { archived: { increment: removed } } : { deleted: { increment: removed } },
      });
      return removed;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

async function insertChunk(tx: DbOrTx, streamId: string, rows: CandidateRow[]) {
  const messages = rows.map(toArchivedMessage);
  const seqs = rows.flatMap((row) => (row.seq === null ? [] : [row.seq]));
  await tx.chatArchiveChunk.create({
    data: {
      streamId,
      // Rows come oldest first.
      firstAt: rows[0]!.createdAt,
      lastAt: rows.at(-1)!.createdAt,
      firstSeq: seqs.length > 0 ? Math.min(...seqs) : null,
      lastSeq: seqs.length > 0 ? Math.max(...seqs) : null,
      messageCount: rows.length,
      data: await encodeChunk(streamId, messages),
    },
  });
}

function toArchivedMessage(row: CandidateRow): ArchivedMessage {
  return {
    id: row.id,
    seq: row.seq,
    userId: row.userId,
    body: row.body,
    originalBody: row.originalBody,
    authorBadge: row.authorBadge,
    status: row.status,
    replyToId: row.replyToId,
    mentionedUserIds: row.mentionedUserIds,
    clientMessageId: row.clientMessageId,
    createdAt: row.createdAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
    deletedById: row.deletedById,
    author: { username: row.username, name: row.name, role: row.role },
    replyTo:
      row.replyToId !== null && row.parentStatus !== null
        ? {
            id: row.replyToId,
            seq: row.parentSeq,
            status: row.parentStatus,
            body: row.parentBody ?? "",
            author: { username: row.parentUsername ?? "", name: row.parentName },
          }
        : null,
  };
}

/** Streams that have chat older than the cutoff, a page at a time (by id, so each is visited once per run). */
async function* streamsWithChatBefore(db: Db, cutoff: Date): AsyncGenerator<string> {
  let after = "";
  for (;;) {
    const page = await db.$queryRaw<{ id: string }[]>`
      SELECT s.id FROM live_streams s
      WHERE s.id > ${after}
        AND EXISTS (SELECT 1 FROM chat_messages m WHERE m."streamId" = s.id AND m."createdAt" < ${cutoff})
      ORDER BY s.id
      LIMIT ${STREAM_PAGE}`;
    for (const { id } of page) yield id;
    if (page.length < STREAM_PAGE) return;
    after = page.at(-1)!.id;
  }
}

/**
 * One archiver run: every stream's chat older than the cutoff leaves the live
 * table, batch by batch, recorded in a chat_archive_runs row (its counts move
 * with each batch's transaction). Safe to run on several processes at once and
 * to stop at any moment: a later run moves what is left.
 */
export async function archiveChat(deps: { db: Db }, options: ArchiveOptions): Promise<ArchiveRunResult> {
  const { db } = deps;
  const { mode, cutoff } = options;
  const size = options.batchSize ?? ARCHIVE_BATCH_SIZE;
  const log = options.log ?? ((line: string) => console.log(`[chat.archive] ${line}`));
  const verb = mode === "ARCHIVE" ? "archived" : "deleted";
  const run = await db.chatArchiveRun.create({ data: { mode, cutoff }, select: { id: true } });
  log(`run ${run.id}: ${mode === "ARCHIVE" ? "archiving" : "deleting"} chat sent before ${cutoff.toISOString()}`);
  const stopReason = () =>
    options.signal?.aborted
      ? "stopped (shutdown)"
      : options.deadline && Date.now() >= options.deadline.getTime()
        ? "stopped at its time limit"
        : null;

  let total = 0;
  let stopped: string | null = null;
  try {
    const streams = options.streamIds ?? streamsWithChatBefore(db, cutoff);
    streams: for await (const streamId of streams) {
      let forStream = 0;
      for (;;) {
        stopped = stopReason();
        if (stopped) break streams;
        const moved = await archiveBatch(db, { runId: run.id, streamId, cutoff, mode, size });
        if (moved === 0) break;
        forStream += moved;
        total += moved;
      }
      if (forStream > 0) log(`run ${run.id}: stream ${streamId}: ${verb} ${forStream} message(s) (${total} so far)`);
    }
  } catch (error) {
    await db.chatArchiveRun
      .update({ where: { id: run.id }, data: { finishedAt: new Date(), error: "Failed; the next run continues where it stopped." } })
      .catch(() => undefined);
    log(`run ${run.id}: failed after ${verb} ${total} message(s): ${(error as Error).message}`);
    throw error;
  }
  const finished = stopped === null;
  await db.chatArchiveRun.update({
    where: { id: run.id },
    data: { finishedAt: new Date(), error: finished ? null : `The run ${stopped}; the next run continues where it stopped.` },
  });
  log(`run ${run.id}: ${finished ? "done" : stopped}, ${verb} ${total} message(s)`);
  return { runId: run.id, archived: mode === "ARCHIVE" ? total : 0, deleted: mode === "DELETE" ? total : 0, finished };
}
