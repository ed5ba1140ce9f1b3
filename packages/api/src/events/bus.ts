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
  close(): Promise<void>;
}
