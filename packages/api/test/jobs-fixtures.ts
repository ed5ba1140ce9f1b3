import { randomBytes } from "node:crypto";
import type { Db } from "@onair/db";
import { inject } from "vitest";
import { createJobQueue, type AppQueues, type JobQueue, type QueueDefinitions } from "../src/jobs";

/**
 * Real pg-boss queues on the run's test database, in a schema of their own
 * (one per test file), so files running side by side never take each other's jobs.
 */
export function jobQueueFixture() {
  const schema = `pgboss_test_${randomBytes(4).toString("hex")}`;
  const stops: Array<() => Promise<void>> = [];
  const databaseUrl = inject("databaseUrl");

  return {
    schema,
    /** A started instance of the application's queues, as one process holds it (another call: another process). */
    async start(): Promise<JobQueue<AppQueues>> {
      const queue = createJobQueue({ databaseUrl, schema, maxConnections: 3 });
      await queue.start();
      stops.push(() => queue.stop({ timeoutMs: 1_000 }));
      return queue;
    },
    /** A started instance of the given queues. */
    async startWith<Q extends QueueDefinitions>(queues: Q): Promise<JobQueue<Q>> {
      const queue = createJobQueue({ databaseUrl, schema, maxConnections: 3, queues });
      await queue.start();
      stops.push(() => queue.stop({ timeoutMs: 1_000 }));
      return queue;
    },
    /** Jobs of one queue, straight from pg-boss's table. */
    async jobs(db: Db, name: string) {
      return db.$queryRawUnsafe<Array<{ id: string; state: string; retry_count: number; singleton_on: Date | null; data: unknown }>>(
        `SELECT id, state, retry_count, singleton_on, data FROM "${schema}".job WHERE name = $1 ORDER BY created_on`,
        name,
      );
    },
    /** Stops every queue still running and drops the schema. */
    async dispose(db: Db) {
      await Promise.allSettled(stops.map((stop) => stop()));
      await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
