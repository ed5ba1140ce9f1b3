import { randomUUID } from "node:crypto";
import type { Db } from "@onair/db";
import { databaseAvailability } from "../database-availability";
import type { EventBus } from "../events/bus";
import type { ViewerRef } from "../events/types";
import type { PresenceStore } from "./presence-store";
import type { StreamHub } from "./stream-hub";

export interface Viewer {
  /** One person: the user id when signed in, else the browser's anonymous viewer key. */
  key: string;
  user: ViewerRef | null;
}

/** One id per WebSocket connection, for anonymous viewers who sent no viewer key. */
const connectionKeys = new WeakMap<object, string>();

/**
 * Who a subscription counts as: a signed-in user by user id; an anonymous
 * browser by its viewer key (its tabs are one viewer), else by its connection.
 * So however many subscriptions one connection opens, it is one viewer; more
 * viewers take more connections, which the per-address connection cap bounds.
 */
export function viewerOf(identity: { user: ViewerRef | null; viewerKey: string | null; connection?: object | null }): Viewer {
  if (identity.user)
    return { key: `u:${identity.user.id}`, user: { id: identity.user.id, username: identity.user.username, name: identity.user.name } };
  if (identity.viewerKey) return { key: `a:${identity.viewerKey}`, user: null };
  if (!identity.connection) return { key: `c:${randomUUID()}`, user: null };
  let key = connectionKeys.get(identity.connection);
  if (!key) connectionKeys.set(identity.connection, (key = randomUUID()));
  return { key: `c:${key}`, user: null };
}

interface LocalViewer {
  connections: number;
  user: ViewerRef | null;
}

interface PendingChanges {
  joined: Map<string, ViewerRef | null>;
  left: Map<string, ViewerRef | null>;
}

/** How many viewers joined/left events name; the rest are counted. */
const NAMED_VIEWERS_PER_EVENT = 20;

export interface PresenceOptions {
  tickMs?: number;
  refreshMs?: number;
  ttlMs?: number;
  instanceId: string;
}

/**
 * Tracks this process's viewers and, once per tick, coalesces what changed:
 * one joined and one left event per stream (never one per person), a viewer
 * count read once per stream from the shared store, peak viewers and viewer
 * sessions written in batches.
 */
export class PresenceTracker {
  private readonly local = new Map<string, Map<string, LocalViewer>>();
  private readonly pending = new Map<string, PendingChanges>();
  private readonly timer: NodeJS.Timeout;
  private readonly tickMs: number;
  private readonly refreshMs: number;
  private readonly ttlMs: number;
  private lastRefresh = 0;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly deps: { db: Db; bus: EventBus; hub: StreamHub; store: PresenceStore },
    private readonly options: PresenceOptions,
  ) {
    this.tickMs = options.tickMs ?? 1_000;
    this.refreshMs = options.refreshMs ?? 10_000;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  /** Registers a viewer's connection; the returned function unregisters it. */
  join(streamId: string, viewer: Viewer): () => void {
    let viewers = this.local.get(streamId);
    if (!viewers) this.local.set(streamId, (viewers = new Map<string, LocalViewer>()));
    const existing = viewers.get(viewer.key);
    if (existing) {
      existing.connections += 1;
    } else {
      viewers.set(viewer.key, { connections: 1, user: viewer.user });
      const changes = this.changes(streamId);
      if (changes.left.has(viewer.key)) changes.left.delete(viewer.key);
      else changes.joined.set(viewer.key, viewer.user);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.leave(streamId, viewer.key);
    };
  }

  /** The current distinct viewer count of a stream across all instances. */
  count(streamId: string): Promise<number> {
    return this.deps.store.count(streamId);
  }

  /** How many distinct viewers of a stream this process has now. */
  localViewers(streamId: string): number {
    return this.local.get(streamId)?.size ?? 0;
  }

  private leave(streamId: string, viewerKey: string): void {
    const viewers = this.local.get(streamId);
    const entry = viewers?.get(viewerKey);
    if (!viewers || !entry) return;
    entry.connections -= 1;
    if (entry.connections > 0) return;
    viewers.delete(viewerKey);
    if (viewers.size === 0) this.local.delete(streamId);
    const changes = this.changes(streamId);
    if (changes.joined.has(viewerKey)) changes.joined.delete(viewerKey);
    else changes.left.set(viewerKey, entry.user);
  }

  private changes(streamId: string): PendingChanges {
    let changes = this.pending.get(streamId);
    if (!changes) this.pending.set(streamId, (changes = { joined: new Map(), left: new Map() }));
    return changes;
  }

  /** One pass over every stream with local viewers or pending changes. Exposed for tests. */
  tick(): Promise<void> {
    this.ticking ??= this.runTick().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    const refreshAll = Date.now() - this.lastRefresh >= this.refreshMs;
    if (refreshAll) this.lastRefresh = Date.now();
    const streamIds = new Set([...this.local.keys(), ...this.pending.keys()]);
    await Promise.all([...streamIds].map((streamId) => this.tickStream(streamId, refreshAll)));
  }

  private async tickStream(streamId: string, refreshAll: boolean): Promise<void> {
    const { store, hub, db } = this.deps;
    const changes = this.pending.get(streamId);
    this.pending.delete(streamId);
    const viewers = this.local.get(streamId);
    try {
      const toTouch = refreshAll ? [...(viewers?.keys() ?? [])] : [...(changes?.joined.keys() ?? [])];
      await store.touch(streamId, toTouch, this.ttlMs);
      if (changes?.left.size) await store.remove(streamId, [...changes.left.keys()]);
      if (changes) await this.announce(streamId, changes);

      const viewerCount = await store.count(streamId);
      const room = hub.room(streamId);
      // Without a room, this process's last viewer of the stream just left: store the count
      // (0, or whoever still watches through other instances) once; there is nobody here to tell.
      const changed = room ? viewerCount !== room.stats.viewerCount : changes !== undefined;
      // On refresh ticks the count is stored even when unchanged here, so a write by another
      // instance that raced this one is corrected within refreshMs.
      if (!changed && !refreshAll) return;
      // Stored before it is announced: whoever sees a count can also read it back.
      await db.$executeRaw`UPDATE live_streams SET "viewerCount" = ${viewerCount}, "peakViewers" = GREATEST("peakViewers", ${viewerCount}) WHERE id = ${streamId}`;
      if (!room || !changed) return;
      room.stats = { ...room.stats, viewerCount, peakViewers: Math.max(room.stats.peakViewers, viewerCount) };
      room.emitLocal({ type: "stream.stats", streamId, stats: room.stats });
    } catch (error) {
      // A lost database is logged once by its tracker, not once per stream per tick.
      if (!databaseAvailability(db).reportFailure(error))
        console.error(`[presence] tick for stream ${streamId} failed:`, (error as Error).message);
      // Keep what did not get through for the next tick.
      if (changes) {
        const next = this.changes(streamId);
        for (const [key, user] of changes.joined) if (!next.left.has(key)) next.joined.set(key, user);
        for (const [key, user] of changes.left) if (!next.joined.has(key)) next.left.set(key, user);
      }
    }
  }

  private async announce(streamId: string, changes: PendingChanges): Promise<void> {
    const { bus, db } = this.deps;
    const instanceId = this.options.instanceId;
    const describe = (entries: Map<string, ViewerRef | null>) => {
      const named = [...entries.values()].filter((user): user is ViewerRef => user !== null).slice(0, NAMED_VIEWERS_PER_EVENT);
      return { viewers: named, anonymous: entries.size - named.length };
    };
    if (changes.joined.size) {
      await db.viewerSession.createMany({
        data: [...changes.joined].map(([viewerKey, user]) => ({ streamId, viewerKey, userId: user?.id ?? null, instanceId })),
      });
      await bus.publish({ type: "viewers.joined", streamId, ...describe(changes.joined) }).catch(() => {});
    }
    if (changes.left.size) {
      await db.viewerSession.updateMany({
        where: { streamId, instanceId, viewerKey: { in: [...changes.left.keys()] }, leftAt: null },
        data: { leftAt: new Date() },
      });
      await bus.publish({ type: "viewers.left", streamId, ...describe(changes.left) }).catch(() => {});
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
