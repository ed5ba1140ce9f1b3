import type { DbOrTx } from "@onair/db";
import { AppError } from "./errors";
import { reconnectDelay, type ReconnectOptions } from "./events/reconnect-listeners";

/** What clients are told to wait before retrying while PostgreSQL is unreachable. */
export const DATABASE_RETRY_AFTER_MS = 2_000;

/** SQLSTATE codes of a lost or refused connection: admin shutdown, crash shutdown, cannot connect now, class 08. */
const CONNECTION_SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
/** Node socket errors of an unreachable or vanished server. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** Prisma's "can't reach the server" and "server closed the connection". */
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1017"]);
/** Kinds of @prisma/adapter-pg's DriverAdapterError that mean the connection, not the query, failed. */
const DRIVER_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Messages of node-postgres errors that carry no code. */
const PG_CONNECTION_MESSAGES = [
  "Connection terminated",
  "Client has encountered a connection error and is not queryable",
  "timeout exceeded when trying to connect",
  "Client was closed and is not queryable",
];

function isSqlState(code: unknown): boolean {
  return typeof code === "string" && (CONNECTION_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code));
}

/**
 * Whether `error` says PostgreSQL could not be reached or dropped the connection
 * (rather than refusing the query). Recognises node-postgres errors (socket codes,
 * SQLSTATE 57P01/57P02/57P03/08xxx, "Connection terminated ..."), Prisma's P1001/P1002/P1017
 * and @prisma/adapter-pg's DriverAdapterError kinds, looking through `cause` and Prisma's
 * `meta.driverAdapterError` wrappers.
 */
export function isConnectionFailure(error: unknown): boolean {
  return connectionFailureIn(error, new Set()) !== null;
}

/** The error in `error`'s chain of causes that is a connection failure, if any. */
function connectionFailureIn(error: unknown, seen: Set<unknown>): object | null {
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const candidate = current as {
      code?: unknown;
      kind?: unknown;
      originalCode?: unknown;
      message?: unknown;
      meta?: unknown;
      cause?: unknown;
    };
    const { code, kind, originalCode, message } = candidate;
    if (typeof code === "string" && (SOCKET_CODES.has(code) || PRISMA_CONNECTION_CODES.has(code))) return candidate;
    if (isSqlState(code) || isSqlState(originalCode)) return candidate;
    if (typeof kind === "string" && DRIVER_ADAPTER_KINDS.has(kind)) return candidate;
    if (typeof message === "string" && PG_CONNECTION_MESSAGES.some((text) => message.startsWith(text))) return candidate;
    const adapterError = (candidate.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
    const inAdapterError = adapterError ? connectionFailureIn(adapterError, seen) : null;
    if (inAdapterError) return inAdapterError;
    current = candidate.cause;
  }
  return null;
}

/** The error clients get while the database is unreachable: SERVICE_UNAVAILABLE with a retry hint. */
export function databaseUnavailableError(): AppError {
  return new AppError("SERVICE_UNAVAILABLE", "The service is briefly unavailable; try again in a moment.", {
    retryAfterMs: DATABASE_RETRY_AFTER_MS,
  });
}

/** A short description of a connection failure for one log line (no stack, no query). */
function describeFailure(error: unknown): string {
  const failure = connectionFailureIn(error, new Set()) as { code?: unknown; kind?: unknown; message?: unknown };
  const what = typeof failure.code === "string" ? failure.code : typeof failure.kind === "string" ? failure.kind : null;
  const text = typeof failure.message === "string" ? (failure.message.trim().split("\n").at(-1) ?? "") : "";
  return [what, text].filter(Boolean).join(": ");
}

export interface AvailabilityOptions {
  /** First delay between probes while the database is down (default 250 ms). */
  initialProbeDelayMs?: number;
  /** Longest delay between probes (default 5 s). */
  maxProbeDelayMs?: number;
  log?: (line: string) => void;
}

/**
 * Whether this process can reach PostgreSQL. Requests that fail to connect report it
 * here; the tracker logs once that the database went away, probes it with capped,
 * jittered back-off, and logs once that it came back, instead of every request
 * logging the driver's error.
 */
export class DatabaseAvailability {
  private downSince: number | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly backoff: Required<ReconnectOptions>;
  private readonly log: (line: string) => void;

  constructor(
    private readonly probe: () => Promise<unknown>,
    options: AvailabilityOptions = {},
  ) {
    this.backoff = { initialDelayMs: options.initialProbeDelayMs ?? 250, maxDelayMs: options.maxProbeDelayMs ?? 5_000 };
    this.log = options.log ?? ((line) => console.warn(line));
  }

  get available(): boolean {
    return this.downSince === null;
  }

  /** Records a failed request; returns whether it was a connection failure. */
  reportFailure(error: unknown): boolean {
    if (!isConnectionFailure(error)) return false;
    if (this.downSince === null) {
      this.downSince = Date.now();
      this.log(`[db] PostgreSQL is unreachable (${describeFailure(error)}); refusing requests with SERVICE_UNAVAILABLE until it is back`);
      this.scheduleProbe(0);
    }
    return true;
  }

  /** Probes now (for health checks); resolves to whether the database answered within `timeoutMs`. */
  async check(timeoutMs = 2_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })), timeoutMs);
    });
    try {
      await Promise.race([this.probe(), timeout]);
      this.markUp();
      return true;
    } catch (error) {
      if (!this.reportFailure(error)) throw error;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private markUp(): void {
    if (this.downSince === null) return;
    this.log(`[db] PostgreSQL is reachable again after ${((Date.now() - this.downSince) / 1000).toFixed(1)} s`);
    this.downSince = null;
    this.close();
  }

  private scheduleProbe(attempt: number): void {
    if (this.probeTimer) return;
    this.probeTimer = setTimeout(
      () => {
        this.probeTimer = null;
        this.probe().then(
          () => this.markUp(),
          () => {
            if (this.downSince !== null) this.scheduleProbe(attempt + 1);
          },
        );
      },
      reconnectDelay(this.backoff, attempt),
    );
    this.probeTimer.unref();
  }
}

const trackers = new WeakMap<object, DatabaseAvailability>();

/** The availability tracker of a database client (one per client, probing with `SELECT 1`). */
export function databaseAvailability(db: DbOrTx): DatabaseAvailability {
  let tracker = trackers.get(db);
  if (!tracker) {
    tracker = new DatabaseAvailability(() => db.$queryRaw`SELECT 1`);
    trackers.set(db, tracker);
  }
  return tracker;
}
