import type { StreamEvent } from "./types";

/**
 * Cross-process publish/subscribe of stream events. Publishing from any process
 * (web, WebSocket server, worker) reaches subscribers in every process.
 * Delivery is best effort: subscribers that must not miss anything (chat) fill
 * gaps from PostgreSQL by sequence number.
 */
export interface EventBus {
  publish(event: StreamEvent): Promise<void>;
  /**
   * Resolves once the subscription is active, so that a caller who then reads
   * the database cannot miss an event committed in between. Ends when `signal` aborts.
   */
  subscribe(streamId: string, signal: AbortSignal): Promise<AsyncIterable<StreamEvent>>;
  close(): Promise<void>;
}
