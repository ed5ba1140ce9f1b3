import { generateApiToken } from "@onair/auth";
import { appRouter } from "@onair/api";
import { createEventBus, type EventBus } from "@onair/api/events";
import { createRealtime, type Realtime } from "@onair/api/realtime";
import { createDbClient, withDatabase, type Db } from "@onair/db";
import type { AnyTRPCProcedure } from "@trpc/server";
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { inject } from "vitest";
import WebSocket from "ws";
import { startWsServer, type RunningWsServer } from "../src/server";
import { createLiveStream, createUserWithToken, generousLimits } from "./helpers";

/**
 * Items 3 and 9 of the hardening issue over WebSocket: an unexpected error
 * answers a generic message with an error id that the server logs once with
 * the details; hostile subscription inputs answer errors without internals.
 */

const AUTH_SECRET = "test-secret-test-secret-test-secret";

/** Text that must never reach a client: stacks, file paths, SQL, driver and ORM messages. */
const INTERNALS = [
  /\n\s+at /,
  /node_modules|\/work\/|\/src\/|\.ts:\d+/,
  /prisma/i,
  /postgres|ECONNREFUSED|invalid byte sequence/i,
  /\b(SELECT|INSERT INTO|DELETE FROM)\b/,
];
const leakIn = (text: string) => INTERNALS.map((pattern) => text.match(pattern)?.[0]).find(Boolean) ?? null;

let db: Db;
let brokenDb: Db;
let bus: EventBus;
let realtime: Realtime;
let brokenRealtime: Realtime;
let server: RunningWsServer;
/** A second server whose database has no OnAir tables, so its queries fail unexpectedly. */
let brokenServer: RunningWsServer;
let token: string;
let streamId: string;

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl);
  brokenDb = createDbClient(withDatabase(inject("databaseUrl"), "postgres"), { poolSize: 1 });
  bus = createEventBus({ databaseUrl });
  realtime = createRealtime({ db, bus });
  server = await startWsServer({ db, bus, realtime, limits: generousLimits(), authSecret: AUTH_SECRET, port: 0, host: "127.0.0.1" });
  brokenRealtime = createRealtime({ db: brokenDb, bus });
  brokenServer = await startWsServer({
    db: brokenDb,
    bus,
    realtime: brokenRealtime,
    limits: generousLimits(),
    authSecret: AUTH_SECRET,
    port: 0,
    host: "127.0.0.1",
  });
  const admin = await db.user.create({ data: { username: `wserr_${Date.now().toString(36)}`, role: "ADMIN" } });
  const created = generateApiToken();
  await db.apiToken.create({ data: { userId: admin.id, name: "hostile", tokenHash: created.tokenHash, prefix: created.prefix } });
  token = created.token;
  const owner = await createUserWithToken(db);
  streamId = (await createLiveStream(db, owner.id)).id;
});

afterAll(async () => {
  await server.close();
  await brokenServer.close();
  await realtime.close();
  await brokenRealtime.close();
  await bus.close();
  await brokenDb.$disconnect();
  await db.$disconnect();
});
afterEach(() => vi.restoreAllMocks());

interface Frame {
  id: number | string | null;
  text: string;
  error?: { message: string; code: number; data: Record<string, unknown> };
  result?: { type?: string };
}

/** A raw tRPC WebSocket client: it sends JSON-RPC frames and keeps every answer's raw text. */
async function rawClient(port: number, authToken?: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}${authToken ? "?connectionParams=1" : ""}`);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  socket.on("message", (data) => {
    const text = (data as Buffer).toString(); // binaryType "nodebuffer": one Buffer per message
    const parsed = JSON.parse(text) as { id: Frame["id"]; error?: Parameters<typeof superjson.deserialize>[0]; result?: Frame["result"] };
    frames.push({ id: parsed.id, text, result: parsed.result, error: parsed.error ? superjson.deserialize(parsed.error) : undefined });
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  if (authToken) socket.send(JSON.stringify({ method: "connectionParams", data: { token: authToken } }));
  let nextId = 1;
  return {
    /** Sends a call and resolves with its first answer (an error, or for subscriptions "started"). */
    async call(method: "query" | "mutation" | "subscription", path: string, input: unknown): Promise<Frame> {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params: { path, input: superjson.serialize(input) } }));
      for (;;) {
        const frame = frames.find((candidate) => candidate.id === id);
        if (frame) {
          if (method === "subscription" && !frame.error) socket.send(JSON.stringify({ id, method: "subscription.stop" }));
          return frame;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    /** Starts a subscription and resolves with its first error frame. */
    async subscriptionError(path: string, input: unknown): Promise<Frame> {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method: "subscription", params: { path, input: superjson.serialize(input) } }));
      for (;;) {
        const frame = frames.find((candidate) => candidate.id === id && candidate.error);
        if (frame) return frame;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    close: () => socket.close(),
  };
}

async function serverLog<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : String(arg))).join(" "));
  });
  return { result: await run(), lines };
}

describe("unexpected errors over WebSocket", () => {
  it("answer a generic message with an error id, logged once with the details", async () => {
    const client = await rawClient(brokenServer.port);
    const { result: frame, lines } = await serverLog(() => client.call("query", "stream.list", { status: "LIVE" }));
    client.close();
    expect(frame.error!.message).toMatch(/^Internal server error \(error id [0-9A-F]{10}\)\.$/);
    const errorId = frame.error!.data.errorId as string;
    expect(frame.error!.message).toContain(errorId);
    expect(frame.error!.data.stack).toBeUndefined();
    expect(leakIn(frame.text)).toBeNull();
    const logged = lines.filter((line) => line.includes(errorId));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("[ws]");
    expect(leakIn(logged[0]!)).not.toBeNull();
  });

  it("a failing subscription leaks nothing either", async () => {
    const client = await rawClient(brokenServer.port);
    // The subscription starts, then its first read of the database fails.
    const { result: frame, lines } = await serverLog(() => client.subscriptionError("chat.onMessage", { streamId: "some-stream" }));
    client.close();
    expect(frame.error!.message).toMatch(/^Internal server error \(error id [0-9A-F]{10}\)\.$/);
    expect(frame.error!.data.stack).toBeUndefined();
    expect(leakIn(frame.text)).toBeNull();
    expect(lines.filter((line) => line.includes(frame.error!.data.errorId as string))).toHaveLength(1);
  });
});

const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
const subscriptionPaths = Object.keys(procedures).filter((path) => procedures[path]!._def.type === "subscription");

describe("hostile subscription inputs over WebSocket", () => {
  it("finds the subscriptions", () => {
    expect(subscriptionPaths).toContain("chat.onMessage");
  });

  it("refuse NUL bytes, lone surrogates and sequence numbers beyond int4 with a specific BAD_REQUEST", async () => {
    const client = await rawClient(server.port, token);
    for (const path of subscriptionPaths) {
      for (const [input, message] of [
        [{ streamId, probe: "a\u0000b" }, /^probe contains a NUL character\.$/],
        [{ streamId: "x\uDC00" }, /^streamId contains an unpaired surrogate/],
      ] as const) {
        const frame = await client.call("subscription", path, input);
        expect(frame.error?.message, `${path}: ${frame.text}`).toMatch(message);
        expect(frame.error!.data.code).toBe("BAD_REQUEST");
      }
    }
    const beyond = await client.call("subscription", "chat.onMessage", { streamId, lastEventId: "9999999999" });
    expect(beyond.error?.message).toBe("lastEventId: lastEventId must be a message sequence number.");
    client.close();
  });

  it.each(subscriptionPaths)("%s: hostile strings and numbers answer no INTERNAL_SERVER_ERROR and no internals", async (path) => {
    const client = await rawClient(server.port, token);
    const value = fc.oneof(
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
      fc.constantFrom("\u0000", "\uD800", "9999999999", "2147483648", "-1", streamId, "x".repeat(20_000)),
      fc.constantFrom(2 ** 31, NaN, Infinity, -0, 1.5, 2 ** 53),
      fc.constant(null),
    );
    const input = fc.dictionary(fc.constantFrom("streamId", "lastEventId", "extra"), value, { maxKeys: 3 });
    const { lines } = await serverLog(() =>
      fc.assert(
        fc.asyncProperty(input, async (generated) => {
          const frame = await client.call("subscription", path, generated);
          expect(frame.error?.data.code, frame.text).not.toBe("INTERNAL_SERVER_ERROR");
          expect(leakIn(frame.text), frame.text).toBeNull();
          expect(frame.error?.data.stack).toBeUndefined();
        }),
        { numRuns: 40 },
      ),
    );
    client.close();
    expect(lines).toEqual([]);
  });
});
