import { authenticateWithPassword, INVALID_CREDENTIALS_MESSAGE } from "@onair/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextFactory } from "../src/context";
import { callerFor, codeOf, createStream, createUser, openTestEnv, type TestEnv, unique } from "./fixtures";
import { createCaller } from "../src/root";

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

describe("account", () => {
  it("signs up with a hashed password that then authenticates", async () => {
    const username = unique("new_");
    const api = callerFor(env, null);
    const user = await api.account.signUp({ email: `${username}@Example.com`, username, password: "long enough pw" });
    expect(user).toMatchObject({ username, role: "VIEWER" });

    const stored = await env.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.email).toBe(`${username}@example.com`);
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain("long enough pw");
    expect(await authenticateWithPassword(env.db, { email: `${username}@example.com`, password: "long enough pw" })).toMatchObject({
      id: user.id,
    });
  });

  it("refuses duplicate emails and usernames with CONFLICT and bad input with BAD_REQUEST", async () => {
    const existing = await createUser(env.db);
    const api = callerFor(env, null);
    const count = await env.db.user.count();
    expect(await codeOf(api.account.signUp({ email: existing.email, username: unique("u_"), password: "password123" }))).toBe("CONFLICT");
    expect(await codeOf(api.account.signUp({ email: `${unique("e")}@x.io`, username: existing.username, password: "password123" }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(api.account.signUp({ email: "not-an-email", username: unique("u_"), password: "password123" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(api.account.signUp({ email: `${unique("e")}@x.io`, username: unique("u_"), password: "short" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(api.account.signUp({ email: `${unique("e")}@x.io`, username: "Bad Name!", password: "password123" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await env.db.user.count()).toBe(count);
  });

  it("gives a wrong password and an unknown account the same answer", async () => {
    const user = await createUser(env.db, { password: "right password" });
    expect(await authenticateWithPassword(env.db, { email: user.email, password: "wrong password" })).toBeNull();
    expect(await authenticateWithPassword(env.db, { email: "nobody@nowhere.test", password: "right password" })).toBeNull();
    expect(await authenticateWithPassword(env.db, { email: user.email.toUpperCase(), password: "right password" })).toMatchObject({
      id: user.id,
    });
    expect(INVALID_CREDENTIALS_MESSAGE).toBe("Invalid email or password.");
  });

  it("issues API tokens that identify their user until revoked", async () => {
    const user = await createUser(env.db);
    const api = callerFor(env, user);
    const created = await api.account.createApiToken({ name: "my bot" });
    expect(created.token).toMatch(/^onair_/);
    expect(await env.db.apiToken.count({ where: { tokenHash: created.token } })).toBe(0);

    const contextFor = createContextFactory({ db: env.db, bus: env.bus, limits: env.limits, authSecret: "x".repeat(32) });
    const viaHeader = await contextFor({ headers: new Headers({ authorization: `Bearer ${created.token}` }) });
    expect(viaHeader.user?.id).toBe(user.id);
    const viaParams = await contextFor({ headers: {}, connectionParams: { token: created.token } });
    expect(viaParams.user?.id).toBe(user.id);
    expect(await createCaller(viaParams).account.me()).toMatchObject({ id: user.id });

    expect((await api.account.apiTokens()).map((t) => t.id)).toEqual([created.id]);
    await api.account.revokeApiToken({ id: created.id });
    expect((await contextFor({ headers: new Headers({ authorization: `Bearer ${created.token}` }) })).user).toBeNull();
    expect(await codeOf(api.account.revokeApiToken({ id: created.id }))).toBe("NOT_FOUND");

    const other = await createUser(env.db);
    const othersToken = await callerFor(env, other).account.createApiToken({ name: "theirs" });
    expect(await codeOf(api.account.revokeApiToken({ id: othersToken.id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(env, null).account.createApiToken({ name: "anon" }))).toBe("UNAUTHORIZED");
  });
});

describe("stream", () => {
  it("lists streams by status with cursor pagination", async () => {
    const owner = await createUser(env.db);
    const created = [];
    for (let i = 0; i < 3; i++) created.push(await createStream(env.db, owner.id, "SCHEDULED"));
    const api = callerFor(env, null);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.stream.list>> = await api.stream.list({ status: "SCHEDULED", limit: 2, cursor });
      expect(page.items.every((s) => s.status === "SCHEDULED")).toBe(true);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const stream of created) expect(seen).toContain(stream.id);
  });

  it("finds a stream by slug and says NOT_FOUND or BAD_REQUEST otherwise", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, null);
    expect(await api.stream.bySlug({ slug: stream.slug })).toMatchObject({ id: stream.id, owner: { id: owner.id }, chatEnabled: true });
    expect(await codeOf(api.stream.bySlug({ slug: "no-such-stream" }))).toBe("NOT_FOUND");
    expect(await codeOf(api.stream.bySlug({ slug: "Bad Slug!" }))).toBe("BAD_REQUEST");
  });
});
