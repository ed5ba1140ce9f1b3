import type { ChatRetentionMode, Db, DbOrTx } from "@onair/db";
import type { JobQueue } from "../../../jobs/job-queue";
import { archiveChat, type ArchiveRunResult } from "./archiver";

const DAY_MS = 86_400_000;

/** How often the archiver runs (each JOBS_WORKER process offers a run; one runs per hour across all of them). */
export const ARCHIVE_INTERVAL_SECONDS = 3_600;
/** A run stops between batches after this long (under the queue's expiry); the next hour's run continues. */
export const ARCHIVE_RUN_BUDGET_MS = 45 * 60_000;

export interface ChatRetention {
  /** Messages older than this many days leave the live table; null keeps chat forever. */
  chatRetentionDays: number | null;
  chatRetentionMode: ChatRetentionMode;
}

/** The retention setting (the defaults while nobody has saved any: keep forever, archive). */
export async function chatRetention(db: DbOrTx): Promise<ChatRetention> {
  const settings = await db.siteSettings.findUnique({ where: { id: 1 }, select: { chatRetentionDays: true, chatRetentionMode: true } });
  return { chatRetentionDays: settings?.chatRetentionDays ?? null, chatRetentionMode: settings?.chatRetentionMode ?? "ARCHIVE" };
}

/**
 * What the `chat.archive` job does: applies the site's retention setting
 * (nothing when chat is kept forever). Runs left unfinished by a process that
 * died are marked first, so the admin panel does not show them as running.
 */
export async function runChatRetention(
  deps: { db: Db },
  options: { now?: Date; signal?: AbortSignal; log?: (line: string) => void } = {},
): Promise<ArchiveRunResult | null> {
  const { db } = deps;
  const now = options.now ?? new Date();
  await db.chatArchiveRun.updateMany({
    where: { finishedAt: null, error: null, startedAt: { lt: new Date(now.getTime() - 2 * ARCHIVE_INTERVAL_SECONDS * 1_000) } },
    data: { error: "Interrupted (its process stopped); a later run continued where it stopped." },
  });
  const { chatRetentionDays, chatRetentionMode } = await chatRetention(db);
  if (chatRetentionDays === null) return null;
  return archiveChat(deps, {
    mode: chatRetentionMode,
    cutoff: new Date(now.getTime() - chatRetentionDays * DAY_MS),
    deadline: new Date(now.getTime() + ARCHIVE_RUN_BUDGET_MS),
    signal: options.signal,
    log: options.log,
  });
}

/** Queues this hour's run; the slot (singletonKey + singletonSeconds) lets one exist however many processes offer it. */
export async function offerChatArchive(queue: Pick<JobQueue, "send">): Promise<boolean> {
  const id = await queue.send("chat.archive", {}, { singletonKey: "chat-archive", singletonSeconds: ARCHIVE_INTERVAL_SECONDS });
  return id !== null;
}

/**
 * Runs the chat archiver on this process: works `chat.archive` jobs and offers
 * one every half hour. Stop the returned handle before stopping the queue: a
 * run under way stops after its current batch.
 */
export async function startChatArchiver(queue: JobQueue, deps: { db: Db }) {
  const shutdown = new AbortController();
  await queue.work("chat.archive", async () => {
    await runChatRetention(deps, { signal: shutdown.signal });
  });
  const offer = () =>
    offerChatArchive(queue).catch((error: unknown) => {
      console.error(`[chat.archive] could not queue the archiver: ${(error as Error).message}`);
    });
  void offer();
  const timer = setInterval(() => void offer(), (ARCHIVE_INTERVAL_SECONDS * 1_000) / 2);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      shutdown.abort();
    },
  };
}
