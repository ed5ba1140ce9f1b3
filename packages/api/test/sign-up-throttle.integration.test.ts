import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../src/root";
import { limitsConfigFromEnv, limitsEnvSchema, limitsFromEnv, type Limits } from "../src/services/limits/limits";
import { createContextFactory } from "../src/context";
import { openTestEnv, unique, type TestEnv } from "./fixtures";

// Sign-ups per client address, as configured by SIGN_UP_IP_RATE_LIMIT and counted in
// PostgreSQL (the default store), checked as a client receives the answer (through
// tRPC's fetch adapter and the real error formatter).

let env: TestEnv;
const opened: Limits[] = [];

beforeAll(() => {
  env = openTestEnv();
});
afterAll(async () => {
  await Promise.all(opened.map((limits) => limits.close()));
  await env.close();
});

/** A process's limits, built from environment strings the way apps/web and apps/ws build them. */
function limitsFor(vars: Record<string, string>, keyPrefix: string): Limits {
  const parsed = z.object(limitsEnvSchema).parse(vars);
  const limits = limitsFromEnv({ DATABASE_URL: inject("databaseUrl"), REDIS_KEY_PREFIX: keyPrefix, ...parsed });
  opened.push(limits);
  return limits;
}

type Outcome = { ok: true } | { ok: false; code: string; message: string; retryAfterMs: number | null };

/** account.signUp over HTTP from `clientIp`. */
async function signUpFrom(limits: Limits, clientIp: string, username: string): Promise<Outcome> {
  const createContext = createContextFactory({ db: env.db, bus: env.bus, limits, authSecret: "s".repeat(32) });
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request("http://onair.test/api/trpc/account.signUp", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize({ email: `${username}@test.onair`, username, password: "correct horse battery" })),
    }),
    router: appRouter,
    createContext: ({ req }) => createContext({ headers: req.headers, clientIp }),
  });
  const payload = (await response.json()) as { result?: unknown; error?: never };
  if (!payload.error) return { ok: true };
  const shape = superjson.deserialize<{ message: string; data: { code: string; retryAfterMs: number | null } }>(payload.error);
  return { ok: false, code: shape.data.code, message: shape.message, retryAfterMs: shape.data.retryAfterMs };
}

describe("sign-up per address", () => {
  it("refuses an address's sign-ups past the limit with TOO_MANY_REQUESTS and retryAfterMs, counted across processes", async () => {
    const keyPrefix = unique("sign-up-") + ":";
    // The web app and a WebSocket server: one allowance between them.
    const [web, ws] = [
      limitsFor({ SIGN_UP_IP_RATE_LIMIT: "3/3600" }, keyPrefix),
      limitsFor({ SIGN_UP_IP_RATE_LIMIT: "3/3600" }, keyPrefix),
    ];
    const address = "203.0.113.7";
    const first = unique("su_");

    expect(await signUpFrom(web, address, first)).toEqual({ ok: true });
    // A refused attempt (the email is taken) counts too.
    expect(await signUpFrom(ws, address, first)).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await signUpFrom(web, address, unique("su_"))).toEqual({ ok: true });

    const refusedName = unique("su_");
    const refused = await signUpFrom(ws, address, refusedName);
    expect(refused).toMatchObject({ ok: false, code: "TOO_MANY_REQUESTS" });
    const { message, retryAfterMs } = refused as Extract<Outcome, { ok: false }>;
    expect(message).toMatch(/^Too many sign-ups from your network\. Try again in \d+ minutes\.$/);
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(3_600_000);
    expect(await env.db.user.count({ where: { username: refusedName } })).toBe(0);

    // Another address has its own allowance.
    expect(await signUpFrom(web, "198.51.100.23", unique("su_"))).toEqual({ ok: true });
  });

  it("reads SIGN_UP_IP_RATE_LIMIT as <count>/<seconds>, 5 per hour when unset", () => {
    expect(limitsConfigFromEnv({ DATABASE_URL: "postgres://x" }).signUp).toEqual({ perAddress: 5, windowSeconds: 3600 });
    const parsed = z.object(limitsEnvSchema).parse({ SIGN_UP_IP_RATE_LIMIT: "20/60" });
    expect(limitsConfigFromEnv({ DATABASE_URL: "postgres://x", ...parsed }).signUp).toEqual({ perAddress: 20, windowSeconds: 60 });
    const bad = z.object(limitsEnvSchema).safeParse({ SIGN_UP_IP_RATE_LIMIT: "5 per hour" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["SIGN_UP_IP_RATE_LIMIT"], message: "must be <count>/<seconds>, e.g. 5/3600" });
  });
});
