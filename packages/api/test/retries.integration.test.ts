import { resolveSessionUser } from "../src/services/account/session-user";
import { MAX_ACTIVE_API_TOKENS } from "../src/services/account/api-tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, createStream, createUser, openTestEnv, TEST_AUTH_SECRET, type TestEnv, unique } from "./fixtures";

/**
 * Item 11 of the hardening issue: chat.send, account.createApiToken and
 * account.signUp take a client-generated requestId; a retry with the same id
 * from the same sender returns the original result and stores nothing new.
 */

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

describe("chat.send with a requestId", () => {
  it("a retry returns the original message and stores nothing new", async () => {
    const owner = await createUser(env.db);
    const viewer = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, viewer);
    const requestId = unique("send_");

    const first = await api.chat.send({ streamId: stream.id, body: "hello once", requestId });
    const retry = await api.chat.send({ streamId: stream.id, body: "hello once", requestId });
    expect(retry).toEqual(first);
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(1);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).lastMessageSeq).toBe(1);
  });

  it("concurrent duplicates store one message and all answer it", async () => {
    const owner = await createUser(env.db);
    const viewer = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, viewer);
    const requestId = unique("race_");

    const results = await Promise.all(Array.from({ length: 5 }, () => api.chat.send({ streamId: stream.id, body: "raced", requestId })));
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(1);
    for (const result of results) expect(result).toEqual(results[0]);
  });

  it("another sender with the same requestId is independent; without an id every send is new", async () => {
    const owner = await createUser(env.db);
    const [alice, bob] = [await createUser(env.db), await createUser(env.db)];
    const stream = await createStream(env.db, owner.id);
    const requestId = unique("shared_");

    const fromAlice = await callerFor(env, alice).chat.send({ streamId: stream.id, body: "from alice", requestId });
    const fromBob = await callerFor(env, bob).chat.send({ streamId: stream.id, body: "from bob", requestId });
    expect(fromBob.message.id).not.toBe(fromAlice.message.id);
    expect(fromBob.message.body).toBe("from bob");
    // Each sender's retry answers its own message.
    expect(await callerFor(env, alice).chat.send({ streamId: stream.id, body: "from alice", requestId })).toEqual(fromAlice);
    expect(await callerFor(env, bob).chat.send({ streamId: stream.id, body: "from bob", requestId })).toEqual(fromBob);

    await callerFor(env, alice).chat.send({ streamId: stream.id, body: "no id" });
    await callerFor(env, alice).chat.send({ streamId: stream.id, body: "no id again" });
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(4);
  });

  it("a held message's retry answers HELD again", async () => {
    const owner = await createUser(env.db);
    const viewer = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    await env.db.blockedTerm.create({ data: { streamId: stream.id, term: "spoiler", action: "HOLD", createdById: owner.id } });
    const api = callerFor(env, viewer);
    const requestId = unique("held_");
    const first = await api.chat.send({ streamId: stream.id, body: "a spoiler here", requestId });
    expect(first.status).toBe("HELD");
    expect(await api.chat.send({ streamId: stream.id, body: "a spoiler here", requestId })).toEqual(first);
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(1);
  });

  it("refuses a malformed requestId", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    expect(await codeOf(callerFor(env, owner).chat.send({ streamId: stream.id, body: "x", requestId: "short" }))).toBe("BAD_REQUEST");
    expect(await codeOf(callerFor(env, owner).chat.send({ streamId: stream.id, body: "x", requestId: "has spaces in it" }))).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("account.createApiToken with a requestId", () => {
  it("a retry returns the same working token and creates no second one", async () => {
    const user = await createUser(env.db);
    const api = callerFor(env, user);
    const requestId = unique("token_");
    const first = await api.account.createApiToken({ name: "bot", requestId });
    const retry = await api.account.createApiToken({ name: "bot", requestId });
    expect(retry).toEqual(first);
    expect(await env.db.apiToken.count({ where: { userId: user.id } })).toBe(1);
    const session = await resolveSessionUser(env.db, TEST_AUTH_SECRET, { apiToken: retry.token });
    expect(session?.user.id).toBe(user.id);
  });

  it("concurrent duplicates create one token; another user's same requestId makes a different token", async () => {
    const [alice, bob] = [await createUser(env.db), await createUser(env.db)];
    const requestId = unique("tok_race_");
    const results = await Promise.all(
      Array.from({ length: 4 }, () => callerFor(env, alice).account.createApiToken({ name: "raced", requestId })),
    );
    for (const result of results) expect(result).toEqual(results[0]);
    expect(await env.db.apiToken.count({ where: { userId: alice.id } })).toBe(1);

    const bobs = await callerFor(env, bob).account.createApiToken({ name: "raced", requestId });
    expect(bobs.token).not.toBe(results[0]!.token);
    expect((await resolveSessionUser(env.db, TEST_AUTH_SECRET, { apiToken: bobs.token }))?.user.id).toBe(bob.id);
  });

  it(`caps active tokens at ${MAX_ACTIVE_API_TOKENS} per user with a CONFLICT that says what to do`, async () => {
    const user = await createUser(env.db);
    const api = callerFor(env, user);
    const created = [];
    for (let i = 0; i < MAX_ACTIVE_API_TOKENS; i++) created.push(await api.account.createApiToken({ name: `t${i}` }));
    await expect(api.account.createApiToken({ name: "one too many" })).rejects.toMatchObject({
      code: "CONFLICT",
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers (expect.any, objectContaining, stringContaining) as any
      message: expect.stringContaining("Revoke one"),
    });
    expect(await env.db.apiToken.count({ where: { userId: user.id } })).toBe(MAX_ACTIVE_API_TOKENS);
    // A retry of a token already made still answers; revoking frees a slot.
    await api.account.revokeApiToken({ id: created[0]!.id });
    expect(await api.account.createApiToken({ name: "after revoking" })).toMatchObject({ name: "after revoking" });
  });

  it("concurrent creates cannot pass the cap together", async () => {
    const user = await createUser(env.db);
    const api = callerFor(env, user);
    for (let i = 0; i < MAX_ACTIVE_API_TOKENS - 1; i++) await api.account.createApiToken({ name: `t${i}` });
    const outcomes = await Promise.all(Array.from({ length: 4 }, (_, i) => codeOf(api.account.createApiToken({ name: `race${i}` }))));
    expect(outcomes.filter((code) => code === null)).toHaveLength(1);
    expect(outcomes.filter((code) => code === "CONFLICT")).toHaveLength(3);
  });
});

describe("account.signUp with a requestId", () => {
  function signUpInput(requestId: string) {
    const username = unique("su_");
    return { email: `${username}@example.com`, username, password: "long enough pw", requestId };
  }

  it("a retry returns the account it created; concurrent duplicates create one account", async () => {
    const api = callerFor(env, null);
    const input = signUpInput(unique("signup_"));
    const first = await api.account.signUp(input);
    expect(await api.account.signUp(input)).toEqual(first);

    const raced = signUpInput(unique("signup_race_"));
    const results = await Promise.all(Array.from({ length: 4 }, () => api.account.signUp(raced)));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(await env.db.user.count({ where: { username: raced.username } })).toBe(1);
  });

  it("a requestId reused for a different sign-up is refused and shows no account", async () => {
    const api = callerFor(env, null);
    const requestId = unique("signup_reuse_");
    await api.account.signUp(signUpInput(requestId));
    await expect(api.account.signUp(signUpInput(requestId))).rejects.toMatchObject({
      code: "CONFLICT",
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers (expect.any, objectContaining, stringContaining) as any
      message: expect.stringContaining("requestId"),
    });
  });
});
