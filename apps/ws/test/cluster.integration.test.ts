import type { ChildProcess } from "node:child_process";
import type { AppRouter } from "@onair/api";
import { randomBytes } from "node:crypto";
import { createEventBus, type ChatMessageView, type EventBus } from "@onair/api/events";
import { createDbClient, type Db } from "@onair/db";
import type { OnAirClient } from "@onair/sdk";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { visible } from "../../../test/chat";
import { startTestRedis, type TestRedis } from "../../../test/redis";
import {
  createLiveStream,
  createSdkClient,
  createUserWithToken,
  processExited,
  startHttpApi,
  startClusterInstance,
  waitFor,
} from "./helpers";

// Two real apps/ws processes, a private real Redis between them, real PostgreSQL.
const AUTH_SECRET = "cluster-test-secret-cluster-test-secret";

let databaseUrl: string;
let redis: TestRedis;
let keyPrefix: string;
let db: Db;
let bus: EventBus;
let httpApi: Awaited<ReturnType<typeof startHttpApi>>;
const clients: OnAirClient[] = [];
const processes: ChildProcess[] = [];

beforeAll(async () => {
  databaseUrl = inject("databaseUrl");
  redis = await startTestRedis();
  keyPrefix = `cluster-${randomBytes(3).toString("hex")}:`;
  db = createDbClient(databaseUrl);
  // The web app's role: mutations over HTTP, publishing to Redis.
  bus = createEventBus({ databaseUrl, redisUrl: redis.url, redisKeyPrefix: keyPrefix });
  httpApi = await startHttpApi({ db, bus, authSecret: AUTH_SECRET });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await httpApi.close();
  await bus.close();
  await db.$disconnect();
  await redis.dispose();
});

async function startInstance(extraEnv: Record<string, string> = {}) {
  const instance = await startClusterInstance({ databaseUrl, redisUrl: redis.url, keyPrefix, authSecret: AUTH_SECRET }, extraEnv);
  processes.push(instance.child);
  return instance;
}

function sdk(wsUrl: string | (() => string), token?: string): OnAirClient {
  const client = createSdkClient({ url: httpApi.url, wsUrl, token });
  clients.push(client);
  return client;
}

/** A chat subscription from sequence 0 that records every message it gets. */
function watch(client: OnAirClient, streamId: string) {
  const received: ChatMessageView[] = [];
  let started = false;
  const subscription = client.api.chat.onMessage.subscribe(
    { streamId, lastEventId: "0" },
    {
      onStarted: () => (started = true),
      onData: ({ data }) => data.type === "chat.message" && received.push(data.message),
    },
  );
  return { received, isStarted: () => started, stop: () => subscription.unsubscribe() };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("two WebSocket instances with Redis between them", () => {
  it("clients on both instances receive every message sent to either, in order", async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const sender = await createUserWithToken(db);
    const stream = await createLiveStream(db, sender.id);
    const watchers = [
      watch(sdk(a.url), stream.id),
      watch(sdk(a.url), stream.id),
      watch(sdk(b.url), stream.id),
      watch(sdk(b.url), stream.id),
    ];
    await waitFor(() => watchers.every((w) => w.isStarted()), "subscriptions to start");

    // Sends over HTTP (web), and over each instance's WebSocket (SDK/bots).
    const viaHttp = sdk(a.url, sender.token).api;
    const viaA = createSdkClient({ url: "http://127.0.0.1:1/unused", wsUrl: a.url, token: sender.token });
    const viaB = createSdkClient({ url: "http://127.0.0.1:1/unused", wsUrl: b.url, token: sender.token });
    clients.push(viaA, viaB);
    const { createTRPCClient, wsLink, createWSClient } = await import("@trpc/client");
    const superjson = (await import("superjson")).default;
    const wsOnly = (url: string) =>
      createTRPCClient<AppRouter>({
        links: [
          wsLink({
            client: createWSClient({ url, WebSocket: WebSocket as never, connectionParams: { token: sender.token } }),
            transformer: superjson,
          }),
        ],
      });
    const senders = [viaHttp, wsOnly(a.url), wsOnly(b.url)];
    const total = 30;
    for (let i = 1; i <= total; i++) await senders[i % 3]!.chat.send.mutate({ streamId: stream.id, body: `m${i}` });

    await waitFor(() => watchers.every((w) => w.received.length >= total), "every watcher to get every message");
    for (const watcher of watchers) {
      expect(watcher.received.map((m) => m.seq)).toEqual(range(total));
      expect(watcher.received.map((m) => m.body)).toEqual(range(total).map((i) => `m${i}`));
      watcher.stop();
    }
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    await Promise.all([processExited(a.child), processExited(b.child)]);
  });

  it("when one instance is SIGKILLed mid-stream, its clients resume on the other with the complete sequence", async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const sender = await createUserWithToken(db);
    const stream = await createLiveStream(db, sender.id);
    // Behind a load balancer: a client reconnects to whichever instance is up.
    const pickUp = (preferred: typeof a) => () =>
      preferred.child.exitCode === null && preferred.child.signalCode === null ? preferred.url : b.url;
    const onA = [watch(sdk(pickUp(a)), stream.id), watch(sdk(pickUp(a)), stream.id), watch(sdk(pickUp(a)), stream.id)];
    const onB = [watch(sdk(b.url), stream.id)];
    const watchers = [...onA, ...onB];
    await waitFor(() => watchers.every((w) => w.isStarted()), "subscriptions to start");

    const send = sdk(b.url, sender.token).api.chat.send;
    const total = 60;
    for (let i = 1; i <= total; i++) {
      await send.mutate({ streamId: stream.id, body: `m${i}` });
      if (i === 20) a.child.kill("SIGKILL");
    }
    expect(await processExited(a.child)).toMatchObject({ signal: "SIGKILL" });

    await waitFor(() => watchers.every((w) => w.received.length >= total), "every watcher to catch up", 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const watcher of watchers) {
      expect(watcher.received.map((m) => m.seq)).toEqual(range(total));
      watcher.stop();
    }
    b.child.kill("SIGTERM");
    await processExited(b.child);
  });

  it("while Redis is down for 5 s, every acknowledged send still reaches every client once Redis is back", async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const sender = await createUserWithToken(db);
    const stream = await createLiveStream(db, sender.id);
    const watchers = [watch(sdk(a.url), stream.id), watch(sdk(b.url), stream.id)];
    await waitFor(() => watchers.every((w) => w.isStarted()), "subscriptions to start");
    const send = sdk(a.url, sender.token).api.chat.send;

    const acknowledged: number[] = [];
    const refused: string[] = [];
    const sendOne = async (body: string) => {
      try {
        acknowledged.push(visible(await send.mutate({ streamId: stream.id, body })).seq);
      } catch (error) {
        refused.push((error as Error).message);
      }
    };
    for (let i = 1; i <= 5; i++) await sendOne(`before ${i}`);
    await redis.stop();
    const outageEnds = Date.now() + 5_000;
    let during = 0;
    while (Date.now() < outageEnds) {
      await sendOne(`during ${++during}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await redis.start();
    for (let i = 1; i <= 5; i++) await sendOne(`after ${i}`);

    // Sends during the outage are stored in PostgreSQL, so they are acknowledged, not lost.
    expect(refused).toEqual([]);
    expect(acknowledged).toEqual(range(acknowledged.length));
    await waitFor(() => watchers.every((w) => w.received.length >= acknowledged.length), "clients to catch up after the outage", 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const watcher of watchers) {
      expect(watcher.received.map((m) => m.seq)).toEqual(acknowledged);
      watcher.stop();
    }
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    await Promise.all([processExited(a.child), processExited(b.child)]);
  }, 60_000); // two processes start, a 5 s outage, then a reconnect: slow on a loaded 2-core machine

  it("drops a client that never reads as soon as its backlog passes the limit", async () => {
    const instance = await startInstance({ WS_MAX_BUFFERED_BYTES: String(1024 * 1024) });
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    // ~75 MB of chat JSON to replay: far more than the socket buffers and the limit.
    const count = 120_000;
    const body = "x".repeat(500);
    for (let start = 0; start < count; start += 10_000) {
      await db.chatMessage.createMany({
        data: Array.from({ length: 10_000 }, (_, i) => ({ streamId: stream.id, seq: start + i + 1, userId: owner.id, body })),
      });
    }
    await db.liveStream.update({ where: { id: stream.id }, data: { lastMessageSeq: count } });
    const health = async () => (await (await fetch(`http://127.0.0.1:${instance.port}/health`)).json()) as { connections: number };
    let serverLog = "";
    instance.child.stdout!.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));
    instance.child.stderr!.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));

    const socket = new WebSocket(instance.url);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.send(
      JSON.stringify({
        id: 1,
        method: "subscription",
        params: { path: "chat.onMessage", input: { json: { streamId: stream.id, lastEventId: "0" } } },
      }),
    );
    // Stop reading. The kernel's socket buffers fill first (on this machine's loopback up
    // to ~36 MB), then the server's own backlog grows until it passes the limit.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();

    await waitFor(() => serverLog.includes("dropping a client"), "the server to drop the non-reading client", 120_000);
    expect((await health()).connections).toBe(0);
    const [, backlog, limit] = /dropping a client with (\d+) unsent bytes \(limit (\d+)\)/.exec(serverLog)!;
    expect(Number(limit)).toBe(1024 * 1024);
    // It is dropped on the first send past the limit: the backlog never exceeds it by more than one message.
    expect(Number(backlog)).toBeGreaterThan(1024 * 1024);
    expect(Number(backlog)).toBeLessThan(1024 * 1024 + 4 * 1024);
    socket.terminate();
    await closed;
    instance.child.kill("SIGTERM");
    await processExited(instance.child);
    // Writing and replaying 120,000 rows takes 40 s alone on a 2-core machine, longer beside the rest of the suite.
  }, 180_000);
});
