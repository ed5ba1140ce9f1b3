import type { AppRouter } from "@onair/api";
import { createEventBus, type ChatMessageView, type EventBus } from "@onair/api/events";
import { createRealtime, type Realtime } from "@onair/api/realtime";
import { hashPassword, startSession } from "@onair/auth";
import { createDbClient, type Db } from "@onair/db";
import type { OnAirClient } from "@onair/sdk";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { encode } from "next-auth/jwt";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import WebSocket from "ws";
import { visible } from "../../../test/chat";
import { startWsServer, type RunningWsServer } from "../src/server";
import { createLiveStream, createSdkClient, createUserWithToken, generousLimits, startHttpApi } from "./helpers";

const AUTH_SECRET = "test-secret-test-secret-test-secret";

let db: Db;
let bus: EventBus;
let realtime: Realtime;
let wsServer: RunningWsServer;
let httpApi: Awaited<ReturnType<typeof startHttpApi>>;
let wsUrl: string;
const openClients: OnAirClient[] = [];

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl);
  bus = createEventBus({ databaseUrl });
  realtime = createRealtime({ db, bus });
  wsServer = await startWsServer({ db, bus, realtime, limits: generousLimits(), authSecret: AUTH_SECRET, port: 0, host: "127.0.0.1" });
  wsUrl = `ws://127.0.0.1:${wsServer.port}`;
  httpApi = await startHttpApi({ db, bus, authSecret: AUTH_SECRET });
});

afterAll(async () => {
  await Promise.all(openClients.map((client) => client.close()));
  await wsServer.close();
  await httpApi.close();
  await realtime.close();
  await bus.close();
  await db.$disconnect();
});

function client(token?: string): OnAirClient {
  const created = createSdkClient({ url: httpApi.url, wsUrl, token });
  openClients.push(created);
  return created;
}

/** Collects a subscription's messages and resolves waiters once a sequence number has arrived. */
function collect(api: OnAirClient["api"], streamId: string, lastEventId: string | null) {
  const received: ChatMessageView[] = [];
  const ids: string[] = [];
  let waiters: Array<{ seq: number; resolve: () => void }> = [];
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const subscription = api.chat.onMessage.subscribe(
    { streamId, lastEventId },
    {
      onStarted: () => started(),
      onData: ({ id, data }) => {
        ids.push(id);
        const messages = data.type === "chat.message" ? [data.message] : data.type === "chat.history" ? data.messages : [];
        for (const message of messages) {
          received.push(message);
          waiters = waiters.filter((waiter) => (message.seq >= waiter.seq ? (waiter.resolve(), false) : true));
        }
      },
    },
  );
  return {
    received,
    ids,
    started: startedPromise,
    until(seq: number, timeoutMs = 10_000) {
      if (received.some((message) => message.seq >= seq)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for seq ${seq}; got ${received.map((m) => m.seq).join(",")}`)),
          timeoutMs,
        );
        waiters.push({ seq, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    stop: () => subscription.unsubscribe(),
  };
}

describe("standalone WebSocket server", () => {
  it("answers /health", async () => {
    const response = await fetch(`http://127.0.0.1:${wsServer.port}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("delivers a message sent over HTTP by one SDK client to another SDK client's WebSocket subscription", async () => {
    const sender = await createUserWithToken(db);
    const stream = await createLiveStream(db, sender.id);
    // "0": everything from the start of this fresh stream. (null means "from whenever the
    // server-side subscription is active", which may be after onStarted fires.)
    const watcher = collect(client().api, stream.id, "0");
    await watcher.started;

    const sent = visible(await client(sender.token).api.chat.send.mutate({ streamId: stream.id, body: "hello over http" }));
    await watcher.until(sent.seq);

    expect(watcher.received.map((m) => [m.seq, m.body, m.author.id])).toEqual([[sent.seq, "hello over http", sender.id]]);
    expect(watcher.ids).toEqual([String(sent.seq)]);
    watcher.stop();
  });

  it("a client that reconnects with its last event id gets exactly the messages it missed, in order, once", async () => {
    const sender = await createUserWithToken(db);
    const stream = await createLiveStream(db, sender.id);
    const send = client(sender.token).api.chat.send;

    const first = collect(client().api, stream.id, "0");
    await first.started;
    for (let i = 1; i <= 5; i++) await send.mutate({ streamId: stream.id, body: `before ${i}` });
    await first.until(5);
    first.stop();
    const lastEventId = first.ids.at(-1)!;
    expect(lastEventId).toBe("5");

    // Missed while disconnected.
    for (let i = 1; i <= 7; i++) await send.mutate({ streamId: stream.id, body: `missed ${i}` });

    const resumed = collect(client().api, stream.id, lastEventId);
    await resumed.started;
    await resumed.until(12);
    await send.mutate({ streamId: stream.id, body: "live after resume" });
    await resumed.until(13);

    expect(resumed.received.map((m) => m.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    expect(resumed.received.map((m) => m.body)).toEqual([...Array.from({ length: 7 }, (_, i) => `missed ${i + 1}`), "live after resume"]);
    resumed.stop();
  });

  it("resumes where it stopped after the server drops every connection mid-stream", async () => {
    const sender = await createUserWithToken(db);
    const stream = await createLiveStream(db, sender.id);
    const send = client(sender.token).api.chat.send;
    const watcher = collect(client().api, stream.id, "0");
    await watcher.started;

    const total = 40;
    for (let i = 1; i <= total; i++) {
      await send.mutate({ streamId: stream.id, body: `m${i}` });
      // Kill every WebSocket connection twice while messages keep flowing; wsLink reconnects with its lastEventId.
      if (i === 10 || i === 25) for (const socket of wsServerClients()) socket.terminate();
    }
    await watcher.until(total, 20_000);

    expect(watcher.received.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    watcher.stop();
  });

  it("streams a snapshot, then live stream events, to a stream.onEvents subscriber", async () => {
    const owner = await createUserWithToken(db);
    const fan = await createUserWithToken(db);
    const stream = await db.liveStream.create({
      data: { slug: `ev-${Date.now()}`, title: "Events", ownerId: owner.id, status: "SCHEDULED", videoSource: "x" },
    });
    const events: Array<{ type: string }> = [];
    const subscription = client().api.stream.onEvents.subscribe(
      { streamId: stream.id, watching: true },
      { onData: (event) => events.push(event) },
    );
    const waitForType = async (type: string) => {
      const deadline = Date.now() + 10_000;
      while (!events.some((event) => event.type === type)) {
        if (Date.now() > deadline) throw new Error(`no ${type} event; got ${events.map((e) => e.type).join(",")}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return events.find((event) => event.type === type)!;
    };
    expect(await waitForType("stream.snapshot")).toMatchObject({ state: { status: "SCHEDULED", viewerCount: 1, likeCount: 0 } });

    await client(owner.token).api.stream.start.mutate({ streamId: stream.id });
    expect(await waitForType("stream.started")).toMatchObject({ streamId: stream.id });
    await client(fan.token).api.stream.setLike.mutate({ streamId: stream.id, liked: true });
    expect(await waitForType("likes.updated")).toMatchObject({ likeCount: 1 });
    // Only stream events here: chat goes to chat.onMessage.
    await client(owner.token).api.chat.send.mutate({ streamId: stream.id, body: "not on this feed" });
    await client(owner.token).api.stream.end.mutate({ streamId: stream.id });
    await waitForType("stream.ended");
    expect(events.some((event) => event.type.startsWith("chat."))).toBe(false);
    subscription.unsubscribe();
  });

  it("authenticates WebSocket connections by API token and by the browser's session cookie", async () => {
    const user = await createUserWithToken(db);

    const byToken = createTRPCClient<AppRouter>({
      links: [
        wsLink({
          client: trackClose(createWSClient({ url: wsUrl, WebSocket: WebSocket as never, connectionParams: { token: user.token } })),
          transformer: superjson,
        }),
      ],
    });
    expect((await byToken.account.me.query())?.id).toBe(user.id);

    const password = await hashPassword("irrelevant-here");
    const cookieUser = await db.user.create({
      data: { username: `ck_${Date.now()}`, email: `ck_${Date.now()}@test.onair`, passwordHash: password },
    });
    // A signed-in browser's cookie names its server-side session row.
    const sessionToken = await encode({ token: { sub: cookieUser.id, sid: await startSession(db, cookieUser.id) }, secret: AUTH_SECRET });
    class CookieWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: `next-auth.session-token=${sessionToken}` } });
      }
    }
    const byCookie = createTRPCClient<AppRouter>({
      links: [wsLink({ client: trackClose(createWSClient({ url: wsUrl, WebSocket: CookieWebSocket as never })), transformer: superjson })],
    });
    expect((await byCookie.account.me.query())?.id).toBe(cookieUser.id);

    const anonymous = createTRPCClient<AppRouter>({
      links: [wsLink({ client: trackClose(createWSClient({ url: wsUrl, WebSocket: WebSocket as never })), transformer: superjson })],
    });
    expect(await anonymous.account.me.query()).toBeNull();
    const stream = await createLiveStream(db, user.id);
    await expect(anonymous.chat.send.mutate({ streamId: stream.id, body: "hi" })).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });

    // A forged cookie is anonymous, not an error.
    class ForgedCookieWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: "next-auth.session-token=forged.value.here" } });
      }
    }
    const forged = createTRPCClient<AppRouter>({
      links: [
        wsLink({ client: trackClose(createWSClient({ url: wsUrl, WebSocket: ForgedCookieWebSocket as never })), transformer: superjson }),
      ],
    });
    expect(await forged.account.me.query()).toBeNull();
  });
});

function wsServerClients(): Set<WebSocket> {
  // The server's sockets, reached through the HTTP server's upgrade handling.
  return wsServer.sockets();
}

function trackClose<T extends { close(): Promise<void> | void }>(wsClient: T): T {
  openClients.push({ api: undefined as never, close: async () => void (await wsClient.close()) });
  return wsClient;
}
