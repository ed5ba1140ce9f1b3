import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RedisEventBus, type StreamEvent } from "../src/events";
import { sendChatMessage } from "../src/services/chat/send-message";
import { callerFor, codeOf, createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { consume, sleep } from "./subscribe";

// Real PostgreSQL and the run's real Redis (bus and presence).
let env: TestEnv;
beforeAll(() => {
  env = openTestEnv({ redis: true, presence: { tickMs: 50, refreshMs: 200, ttlMs: 1_000 } });
});
afterAll(() => env.close());

type TestUser = Awaited<ReturnType<typeof createUser>>;

/** A stream.onEvents subscription through the router, as a WebSocket client would have it (a watching viewer's unless told). */
function streamEvents(streamId: string, who: { user?: TestUser | null; viewerKey?: string | null; watching?: boolean }) {
  const abort = new AbortController();
  const caller = callerFor(env, who.user ?? null, who.viewerKey ?? null, abort.signal);
  const feed = consume(
    (async function* () {
      yield* await caller.stream.onEvents({ streamId, watching: who.watching ?? true });
    })(),
  );
  return { ...feed, stop: () => abort.abort() };
}

describe("stream hub", () => {
  it("delivers chat in sequence order and fills a lost publish from PostgreSQL", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const abort = new AbortController();
    const feed = consume(await env.realtime.hub.join(stream.id, abort.signal));

    // A bus that loses the publish of message 2 (as during a Redis blip).
    const lossyBus = {
      ...env.bus,
      publish: (event: StreamEvent) =>
        event.type === "chat.message" && event.message.seq === 2 ? Promise.resolve() : env.bus.publish(event),
    };
    for (const body of ["one", "two", "three"])
      await sendChatMessage({ db: env.db, bus: lossyBus, limits: env.limits, actor: owner, clientIp: null }, { streamId: stream.id, body });

    await feed.until((event) => event.type === "chat.message" && event.message.seq === 3);
    const seqs = feed.events.flatMap((event) => (event.type === "chat.message" ? [event.message.seq] : []));
    expect(seqs).toEqual([1, 2, 3]);
    abort.abort();
  });

  it("holds one Redis subscription per stream with local viewers and drops it when the last one leaves", async () => {
    const owner = await createUser(env.db);
    const [a, b] = [await createStream(env.db, owner.id), await createStream(env.db, owner.id)];
    const bus = env.bus as RedisEventBus;
    const before = bus.subscribedStreamCount();
    const viewersOfA = [new AbortController(), new AbortController(), new AbortController()];
    const viewerOfB = new AbortController();
    for (const viewer of viewersOfA) await env.realtime.hub.join(a.id, viewer.signal);
    await env.realtime.hub.join(b.id, viewerOfB.signal);
    expect(bus.subscribedStreamCount()).toBe(before + 2);

    viewersOfA[0]!.abort();
    viewersOfA[1]!.abort();
    await sleep(20);
    expect(bus.subscribedStreamCount()).toBe(before + 2);
    viewersOfA[2]!.abort();
    await sleep(20);
    expect(bus.subscribedStreamCount()).toBe(before + 1);
    viewerOfB.abort();
    await sleep(20);
    expect(bus.subscribedStreamCount()).toBe(before);
  });
});

describe("stream lifecycle", () => {
  it("lets the owner start and end a stream, and every viewer hears about it", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id, "SCHEDULED");
    const viewer = streamEvents(stream.id, { user: null, viewerKey: "viewer-key-lifecycle" });
    const snapshot = await viewer.until((event) => event.type === "stream.snapshot");
    expect(snapshot).toMatchObject({ state: { status: "SCHEDULED" } });

    const api = callerFor(env, owner);
    expect(await api.stream.start({ streamId: stream.id })).toMatchObject({ status: "LIVE" });
    await viewer.until((event) => event.type === "stream.started");
    expect(await codeOf(api.stream.start({ streamId: stream.id }))).toBe("PRECONDITION_FAILED");

    await api.stream.update({ streamId: stream.id, title: "  New title  " });
    await viewer.until((event) => event.type === "stream.updated" && event.changes.title === "New title");
    expect(await codeOf(api.stream.update({ streamId: stream.id, title: "   " }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.stream.update({ streamId: stream.id }))).toBe("BAD_REQUEST");

    expect(await api.stream.end({ streamId: stream.id })).toMatchObject({ status: "ENDED" });
    await viewer.until((event) => event.type === "stream.ended");
    expect(await codeOf(api.chat.send({ streamId: stream.id, body: "too late" }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(api.stream.end({ streamId: stream.id }))).toBe("PRECONDITION_FAILED");
    viewer.stop();
  });

  it("refuses anonymous callers, other users and unknown streams, changing nothing", async () => {
    const owner = await createUser(env.db);
    const stranger = await createUser(env.db);
    const admin = await createUser(env.db, { role: "ADMIN" });
    const stream = await createStream(env.db, owner.id, "SCHEDULED");
    const as = (user: TestUser | null) => callerFor(env, user);

    expect(await codeOf(as(null).stream.start({ streamId: stream.id }))).toBe("UNAUTHORIZED");
    expect(await codeOf(as(stranger).stream.start({ streamId: stream.id }))).toBe("FORBIDDEN");
    expect(await codeOf(as(stranger).stream.update({ streamId: stream.id, title: "hijacked" }))).toBe("FORBIDDEN");
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).title).toBe("Test stream");
    expect(await codeOf(as(owner).stream.start({ streamId: "missing" }))).toBe("NOT_FOUND");
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).status).toBe("SCHEDULED");
    expect(await as(admin).stream.start({ streamId: stream.id })).toMatchObject({ status: "LIVE" });
  });
});

describe("likes", () => {
  it("are idempotent per user and broadcast as coalesced totals", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const watcher = streamEvents(stream.id, { user: null, viewerKey: "viewer-key-likes" });
    await watcher.until((event) => event.type === "stream.snapshot");

    const fans = await Promise.all(Array.from({ length: 10 }, () => createUser(env.db)));
    const as = (user: (typeof fans)[number]) => callerFor(env, user);
    // Every fan likes three times at once: still one like each.
    await Promise.all(fans.flatMap((fan) => [1, 2, 3].map(() => as(fan).stream.setLike({ streamId: stream.id, liked: true }))));
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).likeCount).toBe(10);
    expect(await env.db.streamLike.count({ where: { streamId: stream.id } })).toBe(10);

    await watcher.until((event) => event.type === "likes.updated" && event.likeCount === 10);
    const likeEvents = watcher.events.filter((event) => event.type === "likes.updated");
    expect(likeEvents.length).toBeLessThanOrEqual(3);

    expect(await as(fans[0]!).stream.setLike({ streamId: stream.id, liked: false })).toEqual({ liked: false, likeCount: 9 });
    expect(await as(fans[0]!).stream.setLike({ streamId: stream.id, liked: false })).toEqual({ liked: false, likeCount: 9 });
    expect(await as(fans[1]!).stream.likeStatus({ streamId: stream.id })).toEqual({ liked: true });
    expect(await codeOf(as(fans[1]!).stream.setLike({ streamId: "missing", liked: true }))).toBe("NOT_FOUND");
    watcher.stop();
  });
});

describe("presence", () => {
  it("counts people, not tabs, signed in or anonymous, and records sessions and the peak", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const alice = await createUser(env.db);
    const tabs = [
      streamEvents(stream.id, { user: alice }),
      streamEvents(stream.id, { user: alice }),
      streamEvents(stream.id, { user: alice }),
      streamEvents(stream.id, { user: null, viewerKey: "anon-browser-1" }),
      streamEvents(stream.id, { user: null, viewerKey: "anon-browser-1" }),
      streamEvents(stream.id, { user: null, viewerKey: "anon-browser-2" }),
    ];
    await tabs[0]!.until((event) => event.type === "stream.stats" && event.stats.viewerCount === 3);
    expect(await env.realtime.presence.count(stream.id)).toBe(3);

    const joined = tabs[0]!.events.filter((event) => event.type === "viewers.joined");
    expect(joined.flatMap((event) => (event.type === "viewers.joined" ? event.viewers.map((v) => v.id) : []))).toEqual([alice.id]);

    expect(await env.db.viewerSession.count({ where: { streamId: stream.id } })).toBe(3);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).peakViewers).toBe(3);

    for (const tab of tabs.slice(1)) tab.stop();
    await tabs[0]!.until((event) => event.type === "stream.stats" && event.stats.viewerCount === 1);
    await sleep(200);
    expect(await env.db.viewerSession.count({ where: { streamId: stream.id, leftAt: { not: null } } })).toBe(2);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).peakViewers).toBe(3);
    tabs[0]!.stop();
  });

  it("counts only watching subscriptions: a dashboard's feed follows the count without adding to it", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const dashboard = streamEvents(stream.id, { user: owner, watching: false });
    const snapshot = await dashboard.until((event) => event.type === "stream.snapshot");
    expect(snapshot).toMatchObject({ state: { viewerCount: 0 } });

    const viewer = streamEvents(stream.id, { user: null, viewerKey: "the-one-viewer" });
    await dashboard.until((event) => event.type === "stream.stats" && event.stats.viewerCount === 1);
    expect(await env.realtime.presence.count(stream.id)).toBe(1);
    const joined = dashboard.events.flatMap((event) => (event.type === "viewers.joined" ? event.viewers : []));
    expect(joined.map((v) => v.id)).not.toContain(owner.id);
    viewer.stop();
    dashboard.stop();
  });

  it("coalesces 5,000 joins into one joined event and one count", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const watcher = streamEvents(stream.id, { user: null, viewerKey: "watcher-of-crowd" });
    await watcher.until((event) => event.type === "stream.stats" && event.stats.viewerCount === 1);

    const leaves = Array.from({ length: 5_000 }, (_, i) => env.realtime.presence.join(stream.id, { key: `a:crowd-${i}`, user: null }));
    await watcher.until((event) => event.type === "stream.stats" && event.stats.viewerCount === 5_001, 15_000);
    const joinedEvents = watcher.events.filter((event) => event.type === "viewers.joined");
    const crowdEvents = joinedEvents.filter((event) => event.type === "viewers.joined" && event.anonymous >= 1_000);
    expect(crowdEvents.length).toBeLessThanOrEqual(2);
    expect(crowdEvents.reduce((sum, event) => sum + (event.type === "viewers.joined" ? event.anonymous : 0), 0)).toBe(5_000);

    for (const leave of leaves) leave();
    await watcher.until((event) => event.type === "stream.stats" && event.stats.viewerCount === 1, 15_000);
    watcher.stop();
  });

  it("forgets a crashed instance's viewers once their presence expires", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const watcher = streamEvents(stream.id, { user: null, viewerKey: "survivor-viewer" });
    // A second instance on the same Redis, which "crashes": its timers stop and nobody says goodbye.
    const crashing = env.createRealtimeInstance();
    for (let i = 0; i < 4; i++) crashing.presence.join(stream.id, { key: `a:doomed-${i}`, user: null });
    await watcher.until((event) => event.type === "stream.stats" && event.stats.viewerCount === 5);

    crashing.presence.close(); // the process dies: no leave, no refresh
    await watcher.until((event) => event.type === "stream.stats" && event.stats.viewerCount === 1, 5_000);
    await crashing.close();
    watcher.stop();
  });
});

describe("redis bus churn", () => {
  it("delivers to a subscription made while the bus is still connecting", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    // Subscribe in the same tick the bus is created: its connection is not ready yet.
    const fresh = new RedisEventBus(inject("redisUrl"), { keyPrefix: env.redisKeyPrefix });
    const abort = new AbortController();
    const feed = consume(await fresh.subscribe(stream.id, abort.signal));
    await env.bus.publish({ type: "likes.updated", streamId: stream.id, likeCount: 42 });
    await feed.until((event) => event.type === "likes.updated" && event.likeCount === 42, 3_000);
    abort.abort();
    await fresh.close();
  });

  it("keeps delivering when the last viewer leaves and a new one joins at once, over and over", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    for (let round = 1; round <= 20; round++) {
      const leaving = new AbortController();
      await env.realtime.hub.join(stream.id, leaving.signal);
      leaving.abort();
      // Rejoin while the unsubscribe of the previous room may still be in flight.
      await sleep(round % 3);
      const joining = new AbortController();
      const feed = consume(await env.realtime.hub.join(stream.id, joining.signal));
      await env.bus.publish({ type: "likes.updated", streamId: stream.id, likeCount: round });
      await feed.until((event) => event.type === "likes.updated" && event.likeCount === round, 3_000);
      joining.abort();
    }
  });
});
