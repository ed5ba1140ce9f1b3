import type { DbOrTx } from "@onair/db";
import PgBoss from "pg-boss";
import type { z } from "zod";
import { JOB_QUEUES, type AppQueues, type QueueDefinitions } from "./queues";

export interface JobQueueOptions {
  databaseUrl: string;
  /** The PostgreSQL schema of pg-boss's tables; start() creates it and migrates it to this pg-boss version. */
  schema?: string;
  /** Connections in the queue's own pool (its polling and upkeep; the application's pool is not touched). */
  maxConnections?: number;
  /** pg-boss's background errors (a lost connection, a failed upkeep); default: logged with a [jobs] label. */
  onError?: (error: Error) => void;
}

export interface SendOptions {
  /**
   * Send inside this Prisma transaction: the job exists only if the transaction
   * commits, so a change and the work it needs are never half done.
   */
  tx?: DbOrTx;
  /** Not before this time. */
  startAfter?: Date;
  /** With singletonSeconds: at most one job per key in each slot of that many seconds (by the database's clock). */
  singletonKey?: string;
  singletonSeconds?: number;
  /** The job's id (a UUID): sending a job whose id exists already inserts nothing and resolves null (idempotent producers). */
  id?: string;
}

export interface WorkOptions {
  /** How often an idle worker looks for jobs (at least 0.5 s; default 2 s). */
  pollingIntervalSeconds?: number;
}

export type JobPayload<Q extends QueueDefinitions, Name extends keyof Q> = z.output<Q[Name]["payload"]>;
export type JobHandler<Q extends QueueDefinitions, Name extends keyof Q> = (
  data: JobPayload<Q, Name>,
  job: { id: string; retryCount: number; retryLimit: number },
) => void | Promise<void>;

/** What a service needs to queue work (ServiceDeps.jobs): send only; workers run in the WebSocket servers. */
export interface JobSender<Q extends QueueDefinitions = AppQueues> {
  /** Queues a job (starting the queue on first use); resolves to its id, or null when a singleton rule kept it out (one already exists). */
  send<Name extends keyof Q & string>(name: Name, data: z.input<Q[Name]["payload"]>, options?: SendOptions): Promise<string | null>;
}

/** A typed handle on pg-boss: only the queues in the definitions, with their payloads checked on both ends. */
export interface JobQueue<Q extends QueueDefinitions = AppQueues> extends JobSender<Q> {
  /** Connects, creates or migrates pg-boss's schema, and creates or updates every defined queue (once; later calls wait for the first). */
  start(): Promise<void>;
  /** Runs `handler` for this process's share of the queue's jobs, one at a time; a throw fails the attempt (retried per the queue). */
  work<Name extends keyof Q & string>(name: Name, handler: JobHandler<Q, Name>, options?: WorkOptions): Promise<void>;
  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), and closes the pool. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** pg-boss's way into a caller's connection: its SQL runs on the Prisma transaction. */
function transactionDb(tx: DbOrTx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      // pg-boss leaves unset options undefined; the driver wants null.
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((value: unknown) => value ?? null));
      return { rows };
    },
  };
}

const DEADLOCK_DETECTED = "40P01";

/**
 * Creates a queue unless it exists. pg-boss creates a queue's partition table;
 * processes starting together can deadlock on that (PostgreSQL then fails all
 * but one): the others try again and find the queue made.
 */
async function createQueueOnce(boss: PgBoss, settings: PgBoss.Queue & { name: string }): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    if (await boss.getQueue(settings.name)) return;
    try {
      await boss.createQueue(settings.name, settings);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== DEADLOCK_DETECTED || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  }
}

export function createJobQueue(options: JobQueueOptions): JobQueue<AppQueues>;
export function createJobQueue<Q extends QueueDefinitions>(options: JobQueueOptions & { queues: Q }): JobQueue<Q>;
/**
 * One pg-boss instance per process, over the given queue definitions (default
 * the application's, JOB_QUEUES). Jobs are rows: a job sent before a restart
 * runs after it, on whichever process works that queue.
 */
export function createJobQueue(options: JobQueueOptions & { queues?: QueueDefinitions }): JobQueue<QueueDefinitions> {
  const queues: QueueDefinitions = options.queues ?? JOB_QUEUES;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: options.schema ?? "pgboss",
    max: options.maxConnections ?? 4,
    application_name: "onair-jobs",
  });
  boss.on("error", options.onError ?? ((error) => console.error(`[jobs] ${error.message}`)));

  const definitionOf = (name: string) => {
    const definition = queues[name];
    if (!definition) throw new Error(`Unknown job queue "${name}": define it in jobs/queues.ts.`);
    return definition;
  };

  let started: Promise<void> | null = null;
  const start = () => {
    started ??= startBoss().catch((error: unknown) => {
      started = null;
      throw error;
    });
    return started;
  };
  async function startBoss() {
    await boss.start();
    for (const [name, definition] of Object.entries(queues)) {
      const settings = {
        name,
        policy: definition.policy,
        retryLimit: definition.retryLimit,
        retryDelay: definition.retryDelaySeconds,
        retryBackoff: definition.retryBackoff,
        expireInSeconds: definition.expireInSeconds,
      };
      await createQueueOnce(boss, settings);
      // createQueue leaves an existing queue as it was; updateQueue applies today's definition.
      await boss.updateQueue(name, settings);
    }
  }

  return {
    start,

    async send(name, data, sendOptions = {}) {
      const payload = definitionOf(name).payload.parse(data);
      await start();
      const { tx, startAfter, singletonKey, singletonSeconds, id } = sendOptions;
      return boss.send(name, payload, {
        ...(id ? { id } : {}),
        ...(tx ? { db: transactionDb(tx) } : {}),
        ...(startAfter ? { startAfter } : {}),
        ...(singletonKey !== undefined ? { singletonKey } : {}),
        ...(singletonSeconds !== undefined ? { singletonSeconds } : {}),
      });
    },

    async work(name, handler, workOptions = {}) {
      const definition = definitionOf(name);
      await start();
      const polling = { batchSize: 1, pollingIntervalSeconds: workOptions.pollingIntervalSeconds ?? 2, includeMetadata: true as const };
      await boss.work<unknown>(name, polling, async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(definition.payload.parse(job.data), { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
          } catch (error) {
            console.error(`[jobs] ${name} job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
            throw error;
          }
        }
      });
    },

    async stop(stopOptions = {}) {
      if (!started) return;
      await started.catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: stopOptions.timeoutMs ?? 30_000 });
    },
  };
}
