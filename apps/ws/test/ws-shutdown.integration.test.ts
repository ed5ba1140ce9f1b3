import type { ChildProcess } from "node:child_process";
import { createEventBus, type EventBus } from "@onair/api/events";
import { createRealtime, type Realtime } from "@onair/api/realtime";
import { createDbClient, type Db } from "@onair/db";
import { freePort } from "@onair/db/dev";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startWsServer } from "../src/server";
import {
  createLiveStream,
  createUserWithToken,
  createWsOnlyClient,
  generousLimits,
  processExited,
  startWsProcess,
  waitFor,
} from "./helpers";

const AUTH_SECRET = "shutdown-test-secret-shutdown-test-secret";

let databaseUrl: string;
let db: Db;
let bus: EventBus;
let realtime: Realtime;
const toClose: Array<{ close(): Promise<void> | void }> = [];
const processes: ChildProcess[] = [];

beforeAll(() => {
  databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl);
  bus = createEventBus({ databaseUrl });
  realtime = createRealtime({ db, bus });
});

afterAll(async () => {
  await Promise.all(toClose.map((client) => Promise.resolve(client.close())));
  for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await realtime.close();
  await bus.close();
  await db.$disconnect();
});

function wsClient(options: Parameters<typeof createWsOnlyClient>[0]) {
  const client = createWsOnlyClient(options);
  toClose.push(client);
  return client;
}

/**
 * Holds the stream row's lock, so every chat.send to it waits inside its
 * transaction (it takes the next sequence number from that row) until released.
 */
async function lockStream(streamId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const lockHeld = new Promise<void>((resolve) => (held = resolve));
  const transaction = db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM live_streams WHERE id = ${streamId} FOR UPDATE`;
      held();
      await released;
    },
    { timeout: 120_000 },
  );
  await lockHeld;
  return {
    /** Resolves once this many statements wait for the lock. */
    async waiters(count: number) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const [{ n }] = await db.$queryRaw<[{ n: number }]>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        if (n >= count) return;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} sends to wait for the lock (${n} do)`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async release() {
      release();
      await transaction;
    },
  };
}

function errorCode(error: unknown): string {
  return error instanceof TRPCClientError
    ? ((error.data as { code?: string } | undefined)?.code ?? `no code: ${error.message}`)
    : String(error);
}

describe("draining on shutdown", () => {
  it("answers a send that is in flight when close() begins, refuses new calls meanwhile, and only then closes", async () => {
    const server = await startWsServer({
      db,
      bus,
      realtime,
      limits: generousLimits(),
      authSecret: AUTH_SECRET,
      port: 0,
      host: "127.0.0.1",
    });
    const user = await createUserWithToken(db);
    const stream = await createLiveStream(db, user.id);
    const client = wsClient({ url: `ws://127.0.0.1:${server.port}`, token: user.token });
    expect((await client.api.account.me.query())?.id).toBe(user.id);

    const lock = await lockStream(stream.id);
    const inFlight = client.api.chat.send.mutate({ streamId: stream.id, body: "in flight during shutdown" }).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    await lock.waiters(1);

    const closing = server.close();
    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "draining" });
    // A new call on the same connection is refused, saying when to try again.
    await expect(client.api.account.me.query()).rejects.toMatchObject({
      message: "The server is restarting: reconnect and try again.",
      data: { code: "SERVICE_UNAVAILABLE", retryAfterMs: 1_000 },
    });

    await lock.release();
    const outcome = await inFlight;
    expect(outcome.ok ? outcome.result.status : errorCode(outcome.error)).toBe("VISIBLE");
    await closing;
    expect(client.closeCodes).toContain(1012);
    expect(await db.chatMessage.findMany({ where: { streamId: stream.id }, select: { body: true } })).toEqual([
      { body: "in flight during shutdown" },
    ]);
  });

  it("a rolling SIGTERM under load leaves no sender with an error for a message that was stored", async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const env = { DATABASE_URL: databaseUrl, AUTH_SECRET, WS_SHUTDOWN_GRACE_MS: "20000" };
    const [a, b] = await Promise.all([
      startWsProcess({ ...env, WS_PORT: String(portA) }),
      startWsProcess({ ...env, WS_PORT: String(portB) }),
    ]);
    processes.push(a, b);
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);

    // The load balancer: instance A until it is taken out of rotation, then B.
    let aInRotation = true;
    const url = () => `ws://127.0.0.1:${aInRotation ? portA : portB}`;
    const senders = await Promise.all(Array.from({ length: 6 }, () => createUserWithToken(db)));
    const sent: string[] = [];
    const failed: Array<{ body: string; code: string }> = [];
    let aExited = false;
    /** Each sender's send in progress. */
    const current: string[] = [];
    const clients: Array<ReturnType<typeof wsClient>> = [];
    const loops = senders.map(async (sender, k) => {
      const client = wsClient({ url, token: sender.token });
      clients.push(client);
      let okAfterExit = 0;
      for (let i = 0; okAfterExit < 5; i++) {
        const body = `sender ${k} message ${i}`;
        const exitedBefore = aExited;
        current[k] = body;
        try {
          await client.api.chat.send.mutate({ streamId: stream.id, body });
          sent.push(body);
          if (exitedBefore) okAfterExit++;
        } catch (error) {
          failed.push({ body, code: errorCode(error) });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    });

    await waitFor(() => sent.length >= 30, "load on instance A");
    // Every sender has a send in flight on A when A is told to stop.
    const lock = await lockStream(stream.id);
    await lock.waiters(senders.length);
    const inFlightAtSigterm = [...current];
    aInRotation = false;
    a.kill("SIGTERM");
    // Released once A drains (or, had it no drain, once it cut its connections).
    await drainingOrCut(portA, () => clients.some((client) => client.closeCodes.length > 0));
    await lock.release();
    expect(await processExited(a)).toEqual({ code: 0, signal: null });
    aExited = true;
    await Promise.all(loops);

    const stored = new Set((await db.chatMessage.findMany({ where: { streamId: stream.id }, select: { body: true } })).map((m) => m.body));
    expect(failed.filter(({ body }) => stored.has(body))).toEqual([]);
    expect(sent.filter((body) => !stored.has(body))).toEqual([]);
    // The sends that were waiting when A got SIGTERM were answered, with success.
    expect(inFlightAtSigterm.filter((body) => !sent.includes(body))).toEqual([]);
    b.kill("SIGTERM");
    await processExited(b);
  }, 120_000);
});

/** Resolves once the instance's /health answers 503 (draining) or `cut()` says its connections were cut. */
async function drainingOrCut(port: number, cut: () => boolean) {
  const deadline = Date.now() + 20_000;
  while (!cut()) {
    const status = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 503) return;
    if (Date.now() > deadline) throw new Error("timed out waiting for the instance to drain or cut its connections");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
