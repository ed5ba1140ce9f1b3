import type { StreamEvent } from "./types";

/**
 * Cross-process publish/subscribe of stream events. Publishing from any process
 * (web, WebSocket server, worker) reaches subscribers in every process.
 * Delivery is best effort: PostgreSQL is the source of truth, and chat
 * subscribers fill gaps from it by sequence number (see StreamHub).
 */
export interface EventBus {
  publish(event: StreamEvent): Promise<void>;
  /**
   * Resolves once the subscription is active, so that a caller who then reads
   * the database cannot miss an event committed in between. Ends when `signal` aborts.
   */
  subscribe(streamId: string, signal: AbortSignal): Promise<AsyncIterable<StreamEvent>>;
  /** Runs `listener` whenever the bus recovers from a lost connection (events may have been missed). */
  onReconnect(listener: () => void): () => void;
  /** Whether the bus can deliver events now (false while it reconnects after an outage). */
  health(): BusHealth;
  close(): Promise<void>;
}

export type BusHealth = { ok: true } | { ok: false; error: string };

/**
 * Publishes after a committed change. A failed publish is logged, not thrown:
 * the change is in PostgreSQL, and subscribers catch up from there (chat by
 * sequence number, stream state in their next snapshot).
 */
export async function publishCommitted(bus: EventBus, event: StreamEvent): Promise<void> {
  await bus.publish(event).catch((error: unknown) => {
    console.error(`[bus] committed, but could not publish ${event.type} for stream ${event.streamId}: ${(error as Error).message}`);
  });
}
