import { generateApiToken } from "@onair/auth";
import type { AnyTRPCProcedure } from "@trpc/server";
import fc from "fast-check";
import { ZodObject } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/root";
import { INPUT_LIMITS } from "../src/input-limits";
import { Limits } from "../src/services/limits/limits";
import { RateLimitStore } from "../src/services/limits/rate-limit-store";
import { MAX_COMBINING_MARKS } from "../src/services/chat/visible-text";
import { createContextFactory } from "../src/context";
import { createStream, createUser, openTestEnv, TEST_AUTH_SECRET, type TestEnv } from "./fixtures";
import { callOverHttp, leakIn, trpcFetchHandler, type RawResponse } from "./http";

/**
 * Items 3 and 9 of the hardening issue: every procedure, fed hostile strings
 * and numbers over HTTP (the web route's fetch handler, superjson as clients
 * send it), answers a 4xx (never a 500) and no response carries a stack, a
 * path, SQL or a driver's text. Subscriptions get the same over WebSocket in
 * apps/ws/test/ws-errors.integration.test.ts.
 */

const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
const httpPaths = Object.keys(procedures)
  .filter((path) => procedures[path]!._def.type !== "subscription")
  .sort();

/** The input keys a procedure's schemas declare (so generated inputs reach its fields). */
function inputKeys(path: string): string[] {
  const inputs = (procedures[path]!._def as unknown as { inputs: unknown[] }).inputs;
  return [...new Set(inputs.flatMap((schema) => (schema instanceof ZodObject ? Object.keys(schema.shape) : [])))];
}

let env: TestEnv;
let handler: (req: Request) => Promise<Response>;
let adminToken: string;
/** Real ids, so generated inputs also get past "not found" into the procedures' queries. */
let realIds: string[];

beforeAll(async () => {
  env = openTestEnv();
  const admin = await createUser(env.db, { role: "ADMIN" });
  const owner = await createUser(env.db);
  const stream = await createStream(env.db, owner.id);
  const { token, tokenHash, prefix } = generateApiToken();
  await env.db.apiToken.create({ data: { userId: admin.id, name: "hostile", tokenHash, prefix } });
  adminToken = token;
  realIds = [stream.id, owner.id, stream.slug];
  const createContext = createContextFactory({ db: env.db, bus: env.bus, limits: env.limits, authSecret: TEST_AUTH_SECRET });
  handler = trpcFetchHandler((req) => createContext({ headers: req.headers }));
});
afterAll(() => env.close());

function call(path: string, input: unknown, signedIn = true): Promise<RawResponse> {
  const type = procedures[path]!._def.type as "query" | "mutation";
  return callOverHttp(handler, type, path, input, signedIn ? { authorization: `Bearer ${adminToken}` } : {});
}

function expectNoInternals(path: string, input: unknown, response: RawResponse) {
  const where = `${path} with ${JSON.stringify(input)?.slice(0, 300)}`;
  expect(response.status, `${where}: ${response.text.slice(0, 500)}`).toBeLessThan(500);
  expect(leakIn(response.text), where).toBeNull();
  expect(response.body.error?.data.stack, where).toBeUndefined();
}

const hostileString = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\uD800",
    "tail\uDFFF",
    "\u200B\u200B",
    "\u3164\u115F\u2800",
    "\u202Eevil\u202C",
    "a" + "\u0301".repeat(200),
    "'; DROP TABLE users; --",
    "../../etc/passwd",
    "x".repeat(INPUT_LIMITS.maxStringLength + 1),
    "é".repeat(600),
    "2147483648",
    "99999999999",
    "-1",
    "",
  ),
  // Any UTF-16 code units, lone surrogates and controls included.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 80 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, -0, 0, 1.5, 1e308, NaN, Infinity, -Infinity),
  fc.integer(),
  fc.double(),
);
const hostileValue = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constant(null),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(...["real ids"]).chain(() => fc.constantFrom(...realIds)),
  fc.array(hostileString, { maxLength: 3 }),
);
/** Nesting deeper than INPUT_LIMITS.maxDepth. */
const tooDeep = Array.from({ length: INPUT_LIMITS.maxDepth + 2 }).reduce<unknown>((inner) => ({ inner }), "x");

function hostileInput(path: string) {
  const keys = [...inputKeys(path), "extra"];
  return fc.oneof(
    { weight: 8, arbitrary: fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: keys.length }) },
    { weight: 1, arbitrary: hostileValue },
    { weight: 1, arbitrary: fc.constantFrom(tooDeep, { list: Array.from({ length: INPUT_LIMITS.maxValues + 1 }, () => 1) }) },
  );
}

describe("every procedure over HTTP", () => {
  it("finds the router's procedures", () => {
    expect(httpPaths).toContain("chat.send");
    expect(httpPaths).toContain("chat.history");
    expect(httpPaths.length).toBeGreaterThan(20);
  });

  it.each(httpPaths)("%s: hostile strings and numbers never answer a 500 or internals", async (path) => {
    await fc.assert(
      // As the admin (past every permission check, into the queries) and as an anonymous visitor.
      fc.asyncProperty(hostileInput(path), fc.boolean(), async (input, signedIn) => {
        expectNoInternals(path, input, await call(path, input, signedIn));
      }),
      { numRuns: 25 },
    );
  });

  it.each(httpPaths)(
    "%s: refuses NUL bytes, lone surrogates, over-long strings and deep nesting with a specific BAD_REQUEST",
    async (path) => {
      const cases: Array<[unknown, RegExp]> = [
        [{ streamId: realIds[0], probe: "a\u0000b" }, /^probe contains a NUL character\.$/],
        [{ streamId: realIds[0], probe: "x\uD800" }, /^probe contains an unpaired surrogate/],
        [{ probe: "x".repeat(INPUT_LIMITS.maxStringLength + 1) }, /^probe is longer than 10000 characters\.$/],
        [tooDeep, /nested more than/],
        [{ when: new Date(-8.64e15) }, /^when must be a date between/],
        [{ n: NaN }, /^n must be a finite number\.$/],
      ];
      for (const [input, message] of cases) {
        for (const signedIn of [true, false]) {
          const response = await call(path, input, signedIn);
          expect(response.status, `${path} ${response.text.slice(0, 200)}`).toBe(400);
          expect(response.body.error!.message).toMatch(message);
        }
      }
    },
  );
});

describe("chat bodies", () => {
  it("that render as nothing are refused with a specific message", async () => {
    for (const body of [
      "\u200B\u200C\u200D",
      "\u3164\u3164",
      "\u115F\u1160\uFFA0",
      "\u2800\u2800",
      "\uFE0F\uFE0E",
      "\u202E\u2066",
      "\u0301\u0302",
    ]) {
      const response = await call("chat.send", { streamId: realIds[0], body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error!.message).toBe("body: Message has no visible text.");
    }
  });

  it(`keep at most ${MAX_COMBINING_MARKS} combining marks per character`, async () => {
    // A fresh stream and limiter: the property tests above may have ended the shared stream or used up the rate limit.
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const limits = new Limits(new RateLimitStore());
    const createContext = createContextFactory({ db: env.db, bus: env.bus, limits, authSecret: TEST_AUTH_SECRET });
    const fresh = trpcFetchHandler((req) => createContext({ headers: req.headers }));
    const body = "Z" + "\u0336\u0301\u0302".repeat(30) + "!";
    const response = await callOverHttp(
      fresh,
      "mutation",
      "chat.send",
      { streamId: stream.id, body },
      { authorization: `Bearer ${adminToken}` },
    );
    await limits.close();
    expect(response.status, response.text).toBe(200);
    const stored = await env.db.chatMessage.findFirstOrThrow({ where: { streamId: stream.id } });
    expect(stored.body).toBe("Z" + "\u0336\u0301\u0302\u0336" + "!");
  });
});

describe("chat.mentionCandidates prefixes", () => {
  it("are taken as plain text: LIKE and regex wildcards, quotes and an over-long prefix", async () => {
    // A fresh limiter: the property tests above may have used up the admin's look-ups.
    const limits = new Limits(new RateLimitStore());
    const createContext = createContextFactory({ db: env.db, bus: env.bus, limits, authSecret: TEST_AUTH_SECRET });
    const fresh = trpcFetchHandler((req) => createContext({ headers: req.headers }));
    const lookup = (prefix: string) =>
      callOverHttp(fresh, "query", "chat.mentionCandidates", { streamId: realIds[0], prefix }, { authorization: `Bearer ${adminToken}` });
    // Someone in the chat whom a wildcard would match.
    const chatter = await createUser(env.db);
    await env.db.chatMessage.create({ data: { streamId: realIds[0]!, userId: chatter.id, seq: 2 ** 31 - 1, body: "hi" } });
    expect((await lookup("user")).body.result?.data).toEqual([{ id: chatter.id, username: chatter.username, name: null }]);
    for (const prefix of ["%", "_", "user_%", "user.*", "\\", "' OR 1=1 --", "(?i)user"]) {
      const response = await lookup(prefix);
      expect(response.status, `${prefix}: ${response.text.slice(0, 200)}`).toBe(200);
      expect(response.body.result?.data, prefix).toEqual([]);
    }
    const tooLong = await lookup("x".repeat(31));
    await limits.close();
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error!.message).toBe("prefix: Prefix is longer than 30 characters.");
  });
});

describe("chat retention", () => {
  it("refuses out-of-range and mistyped settings with a specific BAD_REQUEST, over HTTP", async () => {
    const cases: Array<[unknown, string]> = [
      [{ days: 0, mode: "ARCHIVE" }, "days: days must be at least 1."],
      [{ days: 36500, mode: "DELETE" }, "days: days must be at most 3650 (ten years)."],
      [{ days: "1e3", mode: "DELETE" }, "days: days must be a whole number of days, or null to keep chat forever."],
      [{ days: 90, mode: "ARCHIVE'; DROP TABLE chat_messages; --" }, "mode: mode must be ARCHIVE or DELETE."],
    ];
    for (const [input, message] of cases) {
      const response = await call("admin.setChatRetention", input);
      expect(response.status, response.text.slice(0, 200)).toBe(400);
      expect(response.body.error!.message).toBe(message);
    }
    const runs = await call("admin.archiveRuns", { limit: 2.5 });
    expect(runs.status).toBe(400);
    expect(runs.body.error!.message).toBe("limit: limit must be a whole number.");
  });
});

describe("analytics inputs", () => {
  it("refuses out-of-range days, hostile stream ids and non-boolean switches with a specific 400", async () => {
    const cases: Array<[string, unknown, string]> = [
      ["admin.analyticsOverview", { days: 0 }, "days: Give a whole number of days from 1 to 90."],
      ["admin.analyticsOverview", { days: 91 }, "days: Give a whole number of days from 1 to 90."],
      ["admin.analyticsOverview", { days: 2 ** 31 }, "days: Give a whole number of days from 1 to 90."],
      ["admin.analyticsOverview", { days: "30; DROP TABLE users" }, "days: Give a whole number of days from 1 to 90."],
      ["stream.analytics", { streamId: "" }, "streamId: streamId is required"],
      ["stream.analytics", { streamId: ["a", "b"] }, "streamId: Invalid input: expected string, received array"],
      ["stream.setAnalyticsModeratorsAllowed", { streamId: realIds[0], allowed: "true" }, "allowed: Say true or false."],
    ];
    for (const [path, input, message] of cases) {
      const response = await call(path, input);
      expect(response.status, `${path} ${response.text.slice(0, 200)}`).toBe(400);
      expect(response.body.error!.message, path).toBe(message);
    }
    // Nothing changed on the stream.
    const stream = await env.db.liveStream.findUniqueOrThrow({ where: { id: realIds[0] } });
    expect(stream.analyticsModeratorsAllowed).toBe(false);
  });
});
