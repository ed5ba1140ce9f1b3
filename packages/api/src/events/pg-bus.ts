import { poolConfigFromUrl } from "@onair/db";
import pg from "pg";
import superjson from "superjson";
import type { EventBus } from "./bus";
import { LocalFanout } from "./local-fanout";
import { ReconnectListeners } from "./reconnect-listeners";
import type { StreamEvent } from "./types";

const CHANNEL = "onair_events";
const RECONNECT_DELAY_MS = 1_000;

/**
 * Event bus on PostgreSQL LISTEN/NOTIFY: the embedded default, needing no Redis.
 * One LISTEN connection per process, opened on the first subscription.
 */
export class PgEventBus implements EventBus {
  private readonly pool: pg.Pool;
  private readonly fanout = new LocalFanout();
  private readonly reconnectListeners = new ReconnectListeners();
  private hasConnected = false;
  private listener: Promise<pg.Client> | null = null;
  private closed = false;

  constructor(private readonly databaseUrl: string) {
    this.pool = new pg.Pool({ ...poolConfigFromUrl(databaseUrl), max: 2 });
    this.pool.on("error", (error) => console.error("[pg-bus] idle publisher connection failed:", error.message));
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

  async close(): Promise<void> {
    this.closed = true;
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
    client.on("error", (error) => {
      console.error("[pg-bus] LISTEN connection failed, reconnecting:", error.message);
      this.listener = null;
      client.end().catch(() => {});
      if (!this.closed) setTimeout(() => void this.ensureListening().catch(() => {}), RECONNECT_DELAY_MS);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (this.hasConnected) this.reconnectListeners.notify();
    this.hasConnected = true;
    return client;
  }
}
