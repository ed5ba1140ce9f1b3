import { createDbClient, withDatabase, type Db } from "@onair/db";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createContextFactory } from "../src/context";
import { createStream, createUser, openTestEnv, TEST_AUTH_SECRET, type TestEnv } from "./fixtures";
import { callOverHttp, leakIn, trpcFetchHandler } from "./http";

/**
 * Item 3 of the hardening issue: an unexpected error answers a generic sentence
 * with an error id, the server logs that id with the details once, and no
 * response carries a stack, a path, SQL or a driver's text.
 */

let env: TestEnv;
/**
 * A real Prisma client on a database without OnAir's tables, so every query fails
 * unexpectedly with driver text (an unreachable database is SERVICE_UNAVAILABLE instead).
 */
let brokenDb: Db;
beforeAll(() => {
  env = openTestEnv();
  brokenDb = createDbClient(withDatabase(inject("databaseUrl"), "postgres"), { poolSize: 1 });
});
afterAll(async () => {
  await brokenDb.$disconnect();
  await env.close();
});
afterEach(() => vi.restoreAllMocks());

function handlerFor(db: Db) {
  const createContext = createContextFactory({ db, bus: env.bus, limits: env.limits, authSecret: TEST_AUTH_SECRET });
  return trpcFetchHandler((req) => createContext({ headers: req.headers }));
}

/** Every console.error line of the server while `run` runs. */
async function serverLog<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : String(arg))).join(" "));
  });
  const result = await run();
  return { result, lines };
}

describe("unexpected errors over HTTP", () => {
  it("answer a generic message with an error id, and the server logs that id with the details once", async () => {
    const { result: response, lines } = await serverLog(() =>
      callOverHttp(handlerFor(brokenDb), "query", "stream.list", { status: "LIVE" }),
    );
    expect(response.status).toBe(500);
    const error = response.body.error!;
    expect(error.message).toMatch(/^Internal server error \(error id [0-9A-F]{10}\)\.$/);
    const errorId = error.data.errorId as string;
    expect(error.message).toContain(errorId);
    expect(error.data.stack).toBeUndefined();
    expect(leakIn(response.text)).toBeNull();

    const logged = lines.filter((line) => line.includes(errorId));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("stream.list");
    // The details (the driver's error) are in the log, not in the response.
    expect(leakIn(logged[0]!)).not.toBeNull();
  });

  it("a database failure while authenticating (context creation) leaks nothing either", async () => {
    const { result: response, lines } = await serverLog(() =>
      callOverHttp(handlerFor(brokenDb), "query", "account.me", undefined, { authorization: "Bearer onair_whatever" }),
    );
    const error = response.body.error!;
    expect(error.message).toMatch(/\(error id [0-9A-F]{10}\)\.$/);
    expect(error.data.stack).toBeUndefined();
    expect(leakIn(response.text)).toBeNull();
    expect(lines.filter((line) => line.includes(error.data.errorId as string))).toHaveLength(1);
  });

  it("expected failures keep their sentence, carry no error id or stack, and are not logged", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const { result, lines } = await serverLog(async () => ({
      anonymousSend: await callOverHttp(handlerFor(env.db), "mutation", "chat.send", { streamId: stream.id, body: "hi" }),
      badInput: await callOverHttp(handlerFor(env.db), "query", "chat.history", { streamId: stream.id, limit: 0 }),
      unknownStream: await callOverHttp(handlerFor(env.db), "query", "stream.bySlug", { slug: "no-such-stream" }),
    }));
    expect(result.anonymousSend.status).toBe(401);
    expect(result.anonymousSend.body.error!.message).toBe("Sign in to do this.");
    expect(result.badInput.status).toBe(400);
    expect(result.badInput.body.error!.message).toMatch(/^limit: /);
    for (const response of Object.values(result)) {
      expect(response.body.error!.data.errorId).toBeNull();
      expect(response.body.error!.data.stack).toBeUndefined();
      expect(leakIn(response.text)).toBeNull();
    }
    expect(lines).toEqual([]);
  });

  it("a history cursor beyond PostgreSQL's int4 is a BAD_REQUEST, not a database error", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const response = await callOverHttp(handlerFor(env.db), "query", "chat.history", { streamId: stream.id, cursor: 2 ** 31 });
    expect(response.status).toBe(400);
    expect(response.body.error!.message).toBe("cursor: cursor must be a message sequence number.");
    const ok = await callOverHttp(handlerFor(env.db), "query", "chat.history", { streamId: stream.id, cursor: 2 ** 31 - 1 });
    expect(ok.status).toBe(200);
  });
});
