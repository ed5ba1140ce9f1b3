import { AppError, type ConnectionGate } from "@onair/api";

/** What a client refused during a restart is told to wait before trying again (on another instance). */
export const RESTART_RETRY_AFTER_MS = 1_000;

/**
 * The calls of every connection on this server: the per-connection
 * subscription cap, the count of queries and mutations in flight, and the
 * drain on shutdown (new calls refused, the running ones awaited).
 */
export class CallTracker {
  private draining = false;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly maxSubscriptionsPerConnection: number) {}

  /** The gate of one new connection (it counts its own subscriptions). */
  gate(): ConnectionGate {
    let subscriptions = 0;
    return {
      begin: ({ type }) => {
        if (this.draining) {
          throw new AppError("SERVICE_UNAVAILABLE", "The server is restarting: reconnect and try again.", {
            retryAfterMs: RESTART_RETRY_AFTER_MS,
          });
        }
        if (type === "subscription") {
          if (subscriptions >= this.maxSubscriptionsPerConnection) {
            throw new AppError(
              "TOO_MANY_REQUESTS",
              `Too many subscriptions: at most ${this.maxSubscriptionsPerConnection} per connection. Stop one before starting another.`,
            );
          }
          subscriptions++;
          return () => void subscriptions--;
        }
        this.inFlight++;
        return () => {
          this.inFlight--;
          if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        };
      },
    };
  }

  get isDraining(): boolean {
    return this.draining;
  }

  get callsInFlight(): number {
    return this.inFlight;
  }

  /**
   * Refuses every new call from now on and resolves once the calls in flight
   * have finished (true) or after `graceMs` (false).
   */
  async drain(graceMs: number): Promise<boolean> {
    this.draining = true;
    if (this.inFlight === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const finished = await Promise.race([idle, timeout]);
    clearTimeout(timer);
    return finished;
  }
}
