import { poolConfigFromUrl } from "@onair/db";
import pg from "pg";
import superjson from "superjson";
import type { BusHealth, EventBus } from "./bus";
import { LocalFanout } from "./local-fanout";
import { ReconnectListeners, type ReconnectOptions, reconnectDelay } from "./reconnect-listeners";
import type { StreamEvent } from "./types";

const CHANNEL = "onair_events";

/**
 * Event bus on PostgreSQL LISTEN/NOTIFY: the embedded default, needing no Redis.
 * One LISTEN connection per process, opened on the first subscription. When it is
 * lost (a PostgreSQL restart), it is opened again with capped, jittered back-off
 * until that succeeds, and the onReconnect listeners then read what was committed meanwhile.
 */
export class PgEventBus implements EventBus {
  private readonly pool: pg.Pool;
  private readonly fanout = new LocalFanout();
  private readonly reconnectListeners = new ReconnectListeners();
  private readonly reconnect: Required<ReconnectOptions>;
  private hasConnected = false;
  private listener: Promise<pg.Client> | null = null;
  /** Since when the LISTEN connection has been lost (null: connected, or never opened). */
  private lostSince: number | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    options: { reconnect?: ReconnectOptions } = {},
  ) {
    this.reconnect = { initialDelayMs: 250, maxDelayMs: 5_000, ...options.reconnect };
    this.pool = new pg.Pool({ ...poolConfigFromUrl(databaseUrl), max: 2 });
    // An idle publisher connection dies with the server; the pool opens a new one on the next publish.
    this.pool.on("error", () => {});
  }

  async publish(event: StreamEvent): Promise<void> {
    await this.pool.query("SELECT pg_notify($1, $2)", [CHANNEL, superjson.stringify(event)]);
  }

  async subscribe(streamId: string, signal: AbortSignal): Promise<AsyncIterable<StreamEvent>> {
    const events = this.fanout.iterate(streamId, signal);
    await this.ensureListening();
    return events;
  }

  onReconnect(listener: () => void): () => void {
    return this.reconnectListeners.add(listener);
  }

  health(): BusHealth {
    // No driver text: /health is public, the details are in the log.
    return this.lostSince === null ? { ok: true } : { ok: false, error: "PostgreSQL LISTEN connection lost; reconnecting" };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.listener = null;
    await Promise.allSettled([listener?.then((client) => client.end()), this.pool.end()]);
  }

  private ensureListening(): Promise<pg.Client> {
    this.listener ??= this.connectListener().catch((error: unknown) => {
      this.listener = null;
      throw error;
    });
    return this.listener;
  }

  /** After a lost connection: tries again and again, with growing delays, until LISTEN works. */
  private retry(attempt: number): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        if (this.closed || this.lostSince === null) return;
        this.ensureListening().catch(() => this.retry(attempt + 1));
      },
      reconnectDelay(this.reconnect, attempt),
    );
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.closed) return;
    // A subscriber may already have opened a newer connection.
    void this.listener?.then(
      (current) => {
        if (current !== client) return;
        this.listener = null;
        this.markLost(error?.message ?? "connection ended");
        this.retry(0);
      },
      () => {},
    );
    client.end().catch(() => {});
  }

  private markLost(reason: string): void {
    if (this.lostSince !== null) return;
    this.lostSince = Date.now();
    console.error(`[pg-bus] LISTEN connection lost (${reason}); reconnecting with back-off, live events are paused`);
  }

  private async connectListener(): Promise<pg.Client> {
    const client = new pg.Client(poolConfigFromUrl(this.databaseUrl));
    client.on("notification", (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.fanout.emit(superjson.parse<StreamEvent>(message.payload));
      } catch (error) {
        console.error("[pg-bus] dropped an unreadable event:", error);
      }
    });
    // Fast shutdown sends 57P01 and then ends the socket: both land here, handled once.
    let ended = false;
    const onLost = (error: Error | null) => {
      if (ended) return;
      ended = true;
      this.lost(client, error);
    };
    client.on("error", onLost);
    client.on("end", () => onLost(null));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      ended = true;
      client.end().catch(() => {});
      throw error;
    }
    if (this.lostSince !== null) {
      console.error(
        `[pg-bus] LISTEN connection restored after ${((Date.now() - this.lostSince) / 1000).toFixed(1)} s; rooms catch up from the database`,
      );
      this.lostSince = null;
    }
    if (this.hasConnected) this.reconnectListeners.notify();
    this.hasConnected = true;
    return client;
  }
}
