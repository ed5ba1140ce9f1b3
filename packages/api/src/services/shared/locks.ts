import type { DbOrTx } from "@onair/db";

// Locks held until the surrounding transaction ends. Call them inside a transaction only.

/** Locks a stream's row: orders concurrent changes to the stream's settings, terms and moderators. */
export async function lockStreamRow(tx: DbOrTx, streamId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM live_streams WHERE id = ${streamId} FOR UPDATE`;
}

/** Locks a user's row: orders concurrent changes to the user (their role). */
export async function lockUserRow(tx: DbOrTx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
}

/**
 * Takes a transaction-scoped advisory lock on `key` (e.g. "restrictions:<stream>:<user>"),
 * for work that has no single row to lock. Every key is hashed the same way, to 64 bits.
 */
export async function advisoryLock(tx: DbOrTx, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}
