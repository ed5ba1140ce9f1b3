import { randomBytes } from "node:crypto";
import type { Db } from "@onair/db";
import type { EventBus } from "../events/bus";
import { PresenceTracker, type PresenceOptions } from "./presence";
import { MemoryPresenceStore, RedisPresenceStore, type PresenceStore } from "./presence-store";
import { StreamHub } from "./stream-hub";

export { PresenceTracker, type Viewer } from "./presence";
export { MemoryPresenceStore, RedisPresenceStore, type PresenceStore } from "./presence-store";
export { StreamHub } from "./stream-hub";
export { wsEncoder } from "./ws-encoder";

/** The per-process machinery behind subscriptions (only processes that serve WebSockets need it). */
export interface Realtime {
  hub: StreamHub;
  presence: PresenceTracker;
  close(): Promise<void>;
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
    async close() {
      presence.close();
      hub.close();
      await store.close();
    },
  };
}
