/** The onReconnect bookkeeping shared by the bus implementations. */
export class ReconnectListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        console.error("[bus] reconnect listener failed:", error);
      }
    }
  }
}

export interface ReconnectOptions {
  /** Delay before the first retry (default 250 ms); each further retry doubles it. */
  initialDelayMs?: number;
  /** The longest delay between retries (default 5 s). */
  maxDelayMs?: number;
}

/**
 * Capped exponential back-off with jitter: attempt 0 waits about `initialDelayMs`,
 * each further attempt twice as long up to `maxDelayMs`, each a random 50–100 % of
 * that, so that instances recovering from the same outage do not retry in step.
 */
export function reconnectDelay(options: Required<ReconnectOptions>, attempt: number): number {
  const delay = Math.min(options.initialDelayMs * 2 ** Math.min(attempt, 20), options.maxDelayMs);
  return delay / 2 + Math.random() * (delay / 2);
}
