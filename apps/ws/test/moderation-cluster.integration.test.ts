import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import type { AppRouter } from "@onair/api";
import { createEventBus, type EventBus } from "@onair/api/events";
import { createDbClient, type Db } from "@onair/db";
import type { OnAirClient } from "@onair/sdk";
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { startTestRedis, type TestRedis } from "../../../test/redis";
import { createLiveStream, createSdkClient, createUserWithToken, processExited, startHttpApi, startClusterInstance } from "./helpers";

// Two real apps/ws processes with small chat limits, sharing one private Redis and
// the test database: limits, slow mode and timeouts must hold across both.
const AUTH_SECRET = "moderation-cluster-secret-moderation-cluster";

let databaseUrl: string;
let redis: TestRedis;
let keyPrefix: string;
let db: Db;
let bus: EventBus;
let httpApi: Awaited<ReturnType<typeof startHttpApi>>;
let a: string;
let b: string;
const processes: ChildProcess[] = [];
const closers: Array<() => unknown> = [];

async function startInstance(extraEnv: Record<string, string> = {}) {
  const instance = await startClusterInstance(
    { databaseUrl, redisUrl: redis.url, keyPrefix, authSecret: AUTH_SECRET },
    { CHAT_USER_RATE_LIMIT: "5/30", CHAT_IP_RATE_LIMIT: "1000/30", ...extraEnv },
  );
  processes.push(instance.child);
  return instance;
}

beforeAll(async () => {
  databaseUrl = inject("databaseUrl");
  redis = await startTestRedis();
  keyPrefix = `modcluster-${randomBytes(3).toString("hex")}:`;
  db = createDbClient(databaseUrl);
  bus = createEventBus({ databaseUrl, redisUrl: redis.url, redisKeyPrefix: keyPrefix });
  // The web app's role: moderators' mutations over HTTP.
  httpApi = await startHttpApi({ db, bus, authSecret: AUTH_SECRET });
  [a, b] = (await Promise.all([startInstance(), startInstance()])).map((instance) => instance.url) as [string, string];
});

afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
  for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await Promise.all(processes.map((child) => processExited(child)));
  await httpApi.close();
  await bus.close();
  await db.$disconnect();
  await redis.dispose();
});

/** A client whose every call (mutations too) goes over a WebSocket to one instance. */
function wsOnly(url: string, token: string) {
  const client = createWSClient({ url, WebSocket: WebSocket as never, connectionParams: { token } });
  closers.push(() => client.close());
  return createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
}

/** The owner's client: mutations over HTTP (the web app). */
function overHttp(token: string): OnAirClient["api"] {
  const client = createSdkClient({ url: httpApi.url, wsUrl: a, token });
  closers.push(() => client.close());
  return client.api;
}

type Outcome = { ok: true; seq: number | null } | { ok: false; message: string; reason: string | null; code: string | undefined };

async function send(client: ReturnType<typeof wsOnly>, streamId: string, body: string): Promise<Outcome> {
  try {
    const result = await client.chat.send.mutate({ streamId, body });
    return { ok: true, seq: result.status === "VISIBLE" ? result.message.seq : null };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { reason?: string | null; code?: string } | undefined;
    return { ok: false, message: error.message, reason: data?.reason ?? null, code: data?.code };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("chat limits across two WebSocket instances", () => {
  it("a user sending through both instances gets the per-user allowance once in total", async () => {
    const sender = await createUserWithToken(db);
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    const instances = [wsOnly(a, sender.token), wsOnly(b, sender.token)];

    const outcomes: Outcome[] = [];
    for (let i = 0; i < 10; i++) outcomes.push(await send(instances[i % 2]!, stream.id, `m${i + 1}`));

    expect(outcomes.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((seq) => ({ ok: true, seq })));
    for (const refused of outcomes.slice(5)) {
      expect(refused).toMatchObject({ ok: false, code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
      expect((refused as { message: string }).message).toMatch(/^You are sending messages too fast: wait \d+ seconds\.$/);
    }
    expect(await db.chatMessage.count({ where: { streamId: stream.id } })).toBe(5);
  });

  it("slow mode set by the owner holds across instances", async () => {
    const sender = await createUserWithToken(db);
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    await overHttp(owner.token).moderation.updateSettings.mutate({ streamId: stream.id, slowModeSeconds: 30 });
    const [viaA, viaB] = [wsOnly(a, sender.token), wsOnly(b, sender.token)];

    expect(await send(viaA, stream.id, "first")).toEqual({ ok: true, seq: 1 });
    const refused = await send(viaB, stream.id, "right after, elsewhere");
    expect(refused).toMatchObject({ ok: false, code: "TOO_MANY_REQUESTS", reason: "SLOW_MODE" });
    expect((refused as { message: string }).message).toMatch(/^Slow mode: wait (2\d|30) seconds\.$/);
    expect(await send(viaA, stream.id, "and back")).toMatchObject({ ok: false, reason: "SLOW_MODE" });

    // Someone else is not slowed by it; the owner is exempt.
    const other = await createUserWithToken(db);
    expect(await send(wsOnly(b, other.token), stream.id, "hi")).toEqual({ ok: true, seq: 2 });
    const ownerWs = wsOnly(b, owner.token);
    expect(await send(ownerWs, stream.id, "welcome")).toEqual({ ok: true, seq: 3 });
    expect(await send(ownerWs, stream.id, "everyone")).toEqual({ ok: true, seq: 4 });
  });

  it("a timed-out user is refused on both instances until the timeout ends, then accepted on both", async () => {
    const sender = await createUserWithToken(db);
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    const [viaA, viaB] = [wsOnly(a, sender.token), wsOnly(b, sender.token)];
    expect(await send(viaA, stream.id, "before")).toEqual({ ok: true, seq: 1 });

    const timeout = await overHttp(owner.token).moderation.timeout.mutate({ streamId: stream.id, userId: sender.id, durationSeconds: 3 });
    for (const client of [viaA, viaB]) {
      const refused = await send(client, stream.id, "let me talk");
      expect(refused).toMatchObject({ ok: false, code: "FORBIDDEN", reason: "TIMED_OUT" });
      expect((refused as { message: string }).message).toMatch(/^You are timed out for [123] more seconds?\.$/);
    }

    await sleep(Math.max(0, timeout.expiresAt!.getTime() - Date.now()) + 200);
    expect(await send(viaA, stream.id, "back on A")).toEqual({ ok: true, seq: 2 });
    expect(await send(viaB, stream.id, "back on B")).toEqual({ ok: true, seq: 3 });
    expect((await db.chatMessage.findMany({ where: { streamId: stream.id }, orderBy: { seq: "asc" } })).map((m) => m.body)).toEqual([
      "before",
      "back on A",
      "back on B",
    ]);
  });
});

/** Opens a WebSocket; resolves with the HTTP status of a refused upgrade, or the open socket. */
function connect(url: string): Promise<{ socket: WebSocket } | { status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("open", () => resolve({ socket }));
    socket.once("unexpected-response", (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      response.resume();
      socket.terminate();
    });
    socket.once("error", (error) => reject(error));
  });
}

function opened(result: { socket: WebSocket } | { status: number }): WebSocket {
  if (!("socket" in result)) throw new Error(`expected the connection to open, but the upgrade got HTTP ${result.status}`);
  closers.push(() => result.socket.terminate());
  return result.socket;
}

/** An upgrade request the WebSocket server refuses (an unsupported protocol version): it never becomes a connection. */
function badUpgrade(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path: "/",
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "99",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
      },
    });
    req.once("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once("upgrade", () => reject(new Error("the bad upgrade was accepted")));
    req.once("error", reject);
    req.end();
  });
}

describe("WebSocket connections per IP address", () => {
  it("refuses the connection past the cap with HTTP 429 and accepts again after one closes", async () => {
    const capped = await startInstance({ WS_MAX_CONNECTIONS_PER_IP: "2" });
    const first = opened(await connect(capped.url));
    opened(await connect(capped.url));

    expect(await connect(capped.url)).toEqual({ status: 429 });
    expect(await connect(capped.url)).toEqual({ status: 429 });

    const closed = new Promise((resolve) => first.once("close", resolve));
    first.close();
    await closed;
    // The server counts the connection as gone once its side has closed too.
    let again = await connect(capped.url);
    for (let attempt = 0; attempt < 20 && !("socket" in again); attempt++) {
      await sleep(50);
      again = await connect(capped.url);
    }
    opened(again);
    expect(await connect(capped.url)).toEqual({ status: 429 });
  }, 60_000);

  it("upgrade requests that never become connections do not use up the address's slots", async () => {
    const capped = await startInstance({ WS_MAX_CONNECTIONS_PER_IP: "2" });
    for (let i = 0; i < 3; i++) expect(await badUpgrade(capped.port)).toBe(400);
    opened(await connect(capped.url));
    opened(await connect(capped.url));
    expect(await connect(capped.url)).toEqual({ status: 429 });
  }, 60_000);
});
