import type { Redis } from "ioredis";
import { createRedisClient } from "../redis";

/** Who is watching which stream, shared by every instance (Redis) or local to one process (memory). */
export interface PresenceStore {
  /** Marks viewers present until now + ttlMs; instances refresh their viewers well before that. */
  touch(streamId: string, viewerKeys: string[], ttlMs: number): Promise<void>;
  remove(streamId: string, viewerKeys: string[]): Promise<void>;
  /** Distinct viewers whose presence has not expired. */
  count(streamId: string): Promise<number>;
  close(): Promise<void>;
}

/** One sorted set per stream: member = viewer key, score = expiry time. */
export class RedisPresenceStore implements PresenceStore {
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly keyPrefix = "onair:",
  ) {
    this.redis = createRedisClient(redisUrl, { label: "[presence]", role: "commands" });
  }

  private key(streamId: string): string {
    return `${this.keyPrefix}presence:${streamId}`;
  }

  async touch(streamId: string, viewerKeys: string[], ttlMs: number): Promise<void> {
    if (viewerKeys.length === 0) return;
    const expiresAt = Date.now() + ttlMs;
    const key = this.key(streamId);
    await this.redis
      .multi()
      .zadd(key, ...viewerKeys.flatMap((viewerKey) => [expiresAt, viewerKey]))
      .pexpire(key, ttlMs)
      .exec();
  }

  async remove(streamId: string, viewerKeys: string[]): Promise<void> {
    if (viewerKeys.length > 0) await this.redis.zrem(this.key(streamId), ...viewerKeys);
  }

  async count(streamId: string): Promise<number> {
    const key = this.key(streamId);
    const results = await this.redis.multi().zremrangebyscore(key, "-inf", Date.now()).zcard(key).exec();
    return Number(results?.[1]?.[1] ?? 0);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => {});
  }
}

/** The single-process default when no Redis is configured. */
export class MemoryPresenceStore implements PresenceStore {
  private readonly streams = new Map<string, Map<string, number>>();

  touch(streamId: string, viewerKeys: string[], ttlMs: number): Promise<void> {
    let viewers = this.streams.get(streamId);
    if (!viewers) this.streams.set(streamId, (viewers = new Map<string, number>()));
    for (const viewerKey of viewerKeys) viewers.set(viewerKey, Date.now() + ttlMs);
    return Promise.resolve();
  }

  remove(streamId: string, viewerKeys: string[]): Promise<void> {
    const viewers = this.streams.get(streamId);
    for (const viewerKey of viewerKeys) viewers?.delete(viewerKey);
    return Promise.resolve();
  }

  count(streamId: string): Promise<number> {
    const viewers = this.streams.get(streamId);
    if (!viewers) return Promise.resolve(0);
    const now = Date.now();
    for (const [viewerKey, expiresAt] of viewers) if (expiresAt <= now) viewers.delete(viewerKey);
    if (viewers.size === 0) this.streams.delete(streamId);
    return Promise.resolve(viewers.size);
  }

  async close(): Promise<void> {}
}
