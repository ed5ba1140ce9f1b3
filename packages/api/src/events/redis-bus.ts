import type { Redis } from "ioredis";
import { createRedisClient } from "../redis";
import superjson from "superjson";
import type { BusHealth, EventBus } from "./bus";
import { LocalFanout } from "./local-fanout";
import { ReconnectListeners } from "./reconnect-listeners";
import type { StreamEvent } from "./types";

/**
 * Event bus on Redis pub/sub for deployments with several WebSocket and web
 * instances. One channel per stream; a process subscribes to a stream's channel
 * while it has local subscribers for it and unsubscribes when the last one leaves.
 */
export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly fanout = new LocalFanout();
  private readonly reconnectListeners = new ReconnectListeners();
  /** streamId → the pending or completed SUBSCRIBE of its channel. */
  private readonly channels = new Map<string, Promise<unknown>>();
  private readonly prefix: string;
  private readyOnce = false;
  /** SUBSCRIBE/UNSUBSCRIBE commands, one at a time (see channelCommand). */
  private commands: Promise<unknown> = Promise.resolve();

  constructor(redisUrl: string, options: { keyPrefix?: string } = {}) {
    this.prefix = `${options.keyPrefix ?? "onair:"}stream:`;
    // No offline queue for publishing: while Redis is down a publish fails at once
    // (the message is already stored; subscribers catch up from PostgreSQL) instead of hanging.
    this.publisher = createRedisClient(redisUrl, { label: "[redis-bus] publisher", role: "commands" });
    // Channels are subscribed again by this class (see "ready" below), so that rooms
    // catch up only once the subscriptions are back.
    this.subscriber = createRedisClient(redisUrl, { label: "[redis-bus] subscriber", role: "subscriber" });
    this.subscriber.on("ready", () => {
      if (!this.readyOnce) {
        this.readyOnce = true;
        return;
      }
      // What was published meanwhile is gone: restore the channels, then rooms read it from PostgreSQL.
      const channels = [...this.channels.keys()].map((streamId) => this.channel(streamId));
      this.channelCommand(async () => {
        if (channels.length) await this.subscriber.subscribe(...channels);
      }).then(
        () => this.reconnectListeners.notify(),
        (error: unknown) => console.error("[redis-bus] could not restore subscriptions after reconnecting:", (error as Error).message),
      );
    });
    this.subscriber.on("message", (channel: string, payload: string) => {
      if (!channel.startsWith(this.prefix)) return;
      try {
        this.fanout.emit(superjson.parse<StreamEvent>(payload));
      } catch (error) {
        console.error("[redis-bus] dropped an unreadable event:", error);
      }
    });
  }

  private channel(streamId: string): string {
    return this.prefix + streamId;
  }

  async publish(event: StreamEvent): Promise<void> {
    await this.publisher.publish(this.channel(event.streamId), superjson.stringify(event));
  }

  async subscribe(streamId: string, signal: AbortSignal): Promise<AsyncIterable<StreamEvent>> {
    const events = this.fanout.iterate(streamId, signal);
    signal.addEventListener("abort", () => queueMicrotask(() => this.releaseIfUnused(streamId)), { once: true });
    let subscribed = this.channels.get(streamId);
    if (!subscribed) {
      subscribed = this.channelCommand(() => this.subscriber.subscribe(this.channel(streamId)));
      this.channels.set(streamId, subscribed);
      // A failed SUBSCRIBE is not remembered: the next subscriber tries again.
      const attempt = subscribed;
      attempt.catch(() => {
        if (this.channels.get(streamId) === attempt) this.channels.delete(streamId);
      });
    }
    await subscribed;
    return events;
  }

  /**
   * Runs subscription commands one at a time, each once the connection is ready:
   * ioredis mishandles a SUBSCRIBE sent during its connect-time ready check
   * ("Connection in subscriber mode") and an UNSUBSCRIBE of the last channel whose
   * reply arrives after a new SUBSCRIBE (the connection leaves subscriber mode).
   */
  private channelCommand<T>(command: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.subscriber.status !== "ready") {
        await new Promise<void>((resolve) => this.subscriber.once("ready", () => resolve()));
      }
      return command();
    };
    const result = this.commands.then(run, run);
    this.commands = result.catch(() => {});
    return result;
  }

  onReconnect(listener: () => void): () => void {
    return this.reconnectListeners.add(listener);
  }

  health(): BusHealth {
    for (const [name, client] of [
      ["subscriber", this.subscriber],
      ["publisher", this.publisher],
    ] as const) {
      if (client.status !== "ready") return { ok: false, error: `Redis ${name} connection is ${client.status}` };
    }
    return { ok: true };
  }

  /** How many stream channels this process holds (one per stream with local subscribers). */
  subscribedStreamCount(): number {
    return this.channels.size;
  }

  private releaseIfUnused(streamId: string): void {
    if (this.fanout.listenerCount(streamId) > 0 || !this.channels.has(streamId)) return;
    this.channels.delete(streamId);
    this.channelCommand(() => this.subscriber.unsubscribe(this.channel(streamId))).catch((error: unknown) => {
      console.error("[redis-bus] unsubscribe failed:", error);
    });
  }

  async close(): Promise<void> {
    this.channels.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}
