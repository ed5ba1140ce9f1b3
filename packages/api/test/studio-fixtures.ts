import type { Db, StreamCreationPolicy } from "@onair/db";

/**
 * Runs `work` with the site's stream-creation policy set to `policy`. The policy
 * is one row for the whole test database, which test files share while they run
 * in parallel: every test that depends on it (or changes it) holds the same
 * advisory lock, so they take turns. The lock is a transaction's, released when `work` ends.
 */
export async function withStreamCreationPolicy<T>(db: Db, policy: StreamCreationPolicy, work: () => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('test:site-settings', 0))`;
      await db.siteSettings.upsert({ where: { id: 1 }, create: { id: 1, streamCreation: policy }, update: { streamCreation: policy } });
      return work();
    },
    { timeout: 120_000, maxWait: 120_000 },
  );
}
