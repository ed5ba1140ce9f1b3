import { randomBytes } from "node:crypto";
import type { AppRouter } from "@onair/api";
import { createEventBus, type EventBus, type StreamStateEvent } from "@onair/api/events";
import { createRealtime, type Realtime } from "@onair/api/realtime";
import { createDbClient, type Db } from "@onair/db";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { startWsServer, type RunningWsServer } from "../src/server";
import { createLiveStream, createUserWithToken, generousLimits, waitFor } from "./helpers";

// Viewer counts count people, over real WebSocket servers: one WebSocket server
// with in-process presence (no Redis), or two sharing presence in Redis.
const AUTH_SECRET = "viewer-count-secret-viewer-count-secret";

let databaseUrl: string;
let db: Db;
const closers: Array<() => unknown> = [];

beforeAll(() => {
  databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl);
});

afterAll(async () => {
  for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => {});
  await db.$disconnect();
});

interface Instance {
  url: string;
  realtime: Realtime;
}

/** `count` WebSocket servers on the test database; with Redis they share bus and presence, as a cluster does. */
async function startInstances(count: number, redisUrl: string | null): Promise<Instance[]> {
  const redisKeyPrefix = `viewer-count-${randomBytes(3).toString("hex")}:`;
  const bus: EventBus = createEventBus({ databaseUrl, redisUrl, redisKeyPrefix });
  closers.push(() => bus.close());
  const instances: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const realtime = createRealtime({ db, bus, redisUrl, redisKeyPrefix, presence: { tickMs: 50, refreshMs: 500, ttlMs: 5_000 } });
    const limits = generousLimits();
    // 60 subscriptions on one socket below: past the default per-connection cap (50), which is not what this suite tests.
    const server: RunningWsServer = await startWsServer({
      db,
      bus,
      realtime,
      limits,
      authSecret: AUTH_SECRET,
      port: 0,
      host: "127.0.0.1",
      maxSubscriptionsPerConnection: 100,
    });
    closers.push(
      () => realtime.close(),
      () => server.close(),
      () => limits.close(),
    );
    instances.push({ url: `ws://127.0.0.1:${server.port}`, realtime });
  }
  return instances;
}

/** One WebSocket connection (anonymous unless given a token or viewer key). */
function connect(url: string, connectionParams: { token?: string; viewerKey?: string } = {}) {
  const ws = createWSClient({ url, WebSocket: WebSocket as never, connectionParams });
  closers.push(() => ws.close());
  const api = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws, transformer: superjson })] });
  return {
    /** Opens a stream.onEvents subscription (watching unless told); resolves with its first snapshot's viewer count. */
    watch(streamId: string, watching = true): Promise<{ viewerCount: number; stop(): void }> {
      return new Promise((resolve, reject) => {
        const subscription = api.stream.onEvents.subscribe(
          { streamId, watching },
          {
            onData: (event: StreamStateEvent) => {
              if (event.type === "stream.snapshot")
                resolve({ viewerCount: event.state.viewerCount, stop: () => subscription.unsubscribe() });
            },
            onError: reject,
          },
        );
      });
    },
    close: () => ws.close(),
  };
}

/** Two full presence passes on every instance: everything that joined or left before this is counted and stored. */
async function settle(instances: Instance[]): Promise<void> {
  for (let pass = 0; pass < 2; pass++) for (const instance of instances) await instance.realtime.presence.tick();
}

async function stored(streamId: string) {
  return db.liveStream.findUniqueOrThrow({ where: { id: streamId }, select: { viewerCount: true, peakViewers: true } });
}

describe.each([
  { redis: false, instances: 1 },
  { redis: true, instances: 2 },
])("viewer counts (redis: $redis, $instances WebSocket server(s))", ({ redis, instances: instanceCount }) => {
  let instances: Instance[];
  beforeAll(async () => {
    instances = await startInstances(instanceCount, redis ? inject("redisUrl") : null);
  });
  const first = () => instances[0]!;
  const last = () => instances.at(-1)!;
  const localViewers = (streamId: string) =>
    instances.reduce((sum, instance) => sum + instance.realtime.presence.localViewers(streamId), 0);

  it("one anonymous socket opening many subscriptions counts as one viewer, in the count and the stored peak", async () => {
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    const watcher = connect(last().url, { viewerKey: "honest-watcher-1" });
    await watcher.watch(stream.id);

    // No viewer key: each subscription used to count as a new viewer.
    const flooder = connect(first().url);
    await Promise.all(Array.from({ length: 60 }, () => flooder.watch(stream.id)));
    // A signed-in user is one viewer however many sockets, on whichever instances.
    const member = await createUserWithToken(db);
    for (const instance of instances) await connect(instance.url, { token: member.token }).watch(stream.id);
    await settle(instances);

    expect(await first().realtime.presence.count(stream.id)).toBe(3);
    expect(await stored(stream.id)).toEqual({ viewerCount: 3, peakViewers: 3 });
  });

  it("a subscription that is not watching (a moderator's dashboard) gets the count but is not counted", async () => {
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    const dashboard = await connect(first().url, { token: owner.token }).watch(stream.id, false);
    expect(dashboard.viewerCount).toBe(0);
    const viewer = await connect(last().url, { viewerKey: "only-real-viewer" }).watch(stream.id);
    expect(viewer.viewerCount).toBe(1);
    await settle(instances);

    expect(await first().realtime.presence.count(stream.id)).toBe(1);
    expect(await stored(stream.id)).toEqual({ viewerCount: 1, peakViewers: 1 });
  });

  it("the stored viewer count falls to 0 when the last viewer leaves (the peak stays)", async () => {
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    const viewers = [
      connect(first().url, { viewerKey: "leaving-viewer-1" }),
      connect(last().url, { viewerKey: "leaving-viewer-2" }),
      connect(first().url),
    ];
    for (const viewer of viewers) await viewer.watch(stream.id);
    await settle(instances);
    expect(await stored(stream.id)).toEqual({ viewerCount: 3, peakViewers: 3 });

    // The first leaves while others still watch: the stored count follows.
    void viewers[0]!.close();
    await waitFor(() => localViewers(stream.id) === 2, "the first viewer to be gone");
    await settle(instances);
    expect(await stored(stream.id)).toEqual({ viewerCount: 2, peakViewers: 3 });

    // Everyone leaves: each instance's room closes, and the count is still stored.
    for (const viewer of viewers.slice(1)) void viewer.close();
    await waitFor(() => localViewers(stream.id) === 0, "every viewer to be gone");
    await settle(instances);
    expect(await stored(stream.id)).toEqual({ viewerCount: 0, peakViewers: 3 });
  });
});
