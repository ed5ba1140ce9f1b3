import { randomBytes } from "node:crypto";
import type { Db } from "@onair/db";
import { databaseAvailability } from "../database-availability";
import type { EventBus } from "../events/bus";
import { PresenceTracker, type PresenceOptions } from "./presence";
import { MemoryPresenceStore, RedisPresenceStore, type PresenceStore } from "./presence-store";
import { StreamHub } from "./stream-hub";

export { PresenceTracker, type Viewer } from "./presence";
export { MemoryPresenceStore, RedisPresenceStore, type PresenceStore } from "./presence-store";
export { StreamHub } from "./stream-hub";
export { wsEncoder } from "./ws-encoder";
export { OutgoingFrame, type FrameSink } from "./frame";
export type { Connection } from "./connection";

/** The per-process machinery behind subscriptions (only processes that serve WebSockets need it). */
export interface Realtime {
  hub: StreamHub;
  presence: PresenceTracker;
  /** Whether live events can flow: the bus is connected and PostgreSQL answers (probed now). */
  health(): Promise<RealtimeHealth>;
  close(): Promise<void>;
}

export interface RealtimeHealth {
  ok: boolean;
  /** What is down and why, e.g. { bus: "LISTEN connection lost: ...", database: "unreachable" }. */
  down: { bus?: string; database?: string };
}

export function createRealtime(deps: {
  db: Db;
  bus: EventBus;
  redisUrl?: string | null;
  redisKeyPrefix?: string;
  presence?: Partial<PresenceOptions>;
}): Realtime {
  const hub = new StreamHub({ db: deps.db, bus: deps.bus });
  const store: PresenceStore = deps.redisUrl ? new RedisPresenceStore(deps.redisUrl, deps.redisKeyPrefix) : new MemoryPresenceStore();
  const presence = new PresenceTracker(
    { db: deps.db, bus: deps.bus, hub, store },
    { instanceId: deps.presence?.instanceId ?? `ws-${randomBytes(4).toString("hex")}`, ...deps.presence },
  );
  return {
    hub,
    presence,
    async health() {
      const down: RealtimeHealth["down"] = {};
      const bus = deps.bus.health();
      if (!bus.ok) down.bus = bus.error;
      if (
        !(await databaseAvailability(deps.db)
          .check()
          .catch(() => false))
      )
        down.database = "PostgreSQL is unreachable";
      return { ok: !down.bus && !down.database, down };
    },
    async close() {
      presence.close();
      hub.close();
      await store.close();
    },
  };
}
