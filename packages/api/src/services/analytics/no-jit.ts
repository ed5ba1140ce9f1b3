import type { Db, DbOrTx } from "@onair/db";

/**
 * Runs analytics SQL in a transaction with PostgreSQL's JIT off. The planner's
 * row estimates for unnest(range_agg(…)) and generate_series are far too high,
 * so JIT kicks in and compiles for longer (over a second) than the queries
 * run (tens of milliseconds).
 */
export function withoutJit<T>(
  db: Db,
  work: (tx: DbOrTx) => Promise<T>,
  options: { timeoutMs?: number; /** One snapshot for every statement, so figures read together agree. */ consistent?: boolean } = {},
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await jitOff(tx);
      return work(tx);
    },
    { timeout: options.timeoutMs ?? 30_000, ...(options.consistent ? { isolationLevel: "RepeatableRead" as const } : {}) },
  );
}

/** Inside a transaction: JIT off until it ends. */
export async function jitOff(tx: DbOrTx): Promise<void> {
  await tx.$executeRaw`SET LOCAL jit = off`;
}
