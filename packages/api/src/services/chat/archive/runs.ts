import type { DbOrTx } from "@onair/db";

/** The archiver's latest runs, newest first (admin.archiveRuns): what each moved or deleted, and how it ended. */
export function archiveRuns(deps: { db: DbOrTx }, input: { limit: number }) {
  return deps.db.chatArchiveRun.findMany({
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select: { id: true, mode: true, cutoff: true, startedAt: true, finishedAt: true, archived: true, deleted: true, error: true },
  });
}
