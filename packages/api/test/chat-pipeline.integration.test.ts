import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Prisma } from "@onair/db";
import superjson from "superjson";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestRedis } from "../../../test/redis";
import { appRouter } from "../src/root";
import { DEFAULT_CHAT_LIMITS, type ChatLimitsConfig } from "../src/services/chat/chat-limits";
import { DEFAULT_LIMITS, Limits } from "../src/services/limits/limits";
import { RateLimitStore } from "../src/services/limits/rate-limit-store";
import type { SessionUser } from "../src/services/account/session-user";
import { createContextInner, type Context } from "../src/context";
import { createStream, createUser, openTestEnv, testContext, unique, type TestEnv } from "./fixtures";

// The message pipeline end to end: real PostgreSQL, real Redis (rate limits under a
// key prefix of their own), and the router's real error formatter (requests go through
// tRPC's fetch adapter in process), so each refusal is checked as a client receives it.

let env: TestEnv;
const limiters: Limits[] = [];

beforeAll(() => {
  env = openTestEnv({ redis: true });
});
afterEach(async () => {
  await Promise.all(limiters.splice(0).map((limiter) => limiter.close()));
});
afterAll(() => env.close());

/** Redis-backed limits under a key prefix no other test shares. */
function redisLimits(config: Partial<ChatLimitsConfig> = {}, redisUrl = inject("redisUrl")): Limits {
  const store = new RateLimitStore({ redisUrl, keyPrefix: `${env.redisKeyPrefix}${unique("pipeline-")}:` });
  const limiter = new Limits(store, { ...DEFAULT_LIMITS, chat: { ...DEFAULT_CHAT_LIMITS, ...config } });
  limiters.push(limiter);
  return limiter;
}

interface Refusal {
  code: string;
  message: string;
  reason: string | null;
  retryAfterMs: number | null;
}
type SendOutcome =
  | {
      ok: true;
      status: "VISIBLE" | "HELD";
      masked?: boolean;
      message: { id: string; seq?: number; body: string; author: { badge: string | null } };
    }
  | ({ ok: false } & Refusal);

/** chat.send as a client sends it (over tRPC's fetch adapter), with the given limits and client address. */
async function send(
  user: SessionUser,
  streamId: string,
  body: string,
  options: { limits: Limits; clientIp?: string | null },
): Promise<SendOutcome> {
  const context: Context = createContextInner({ ...testContext(env, user), limits: options.limits, clientIp: options.clientIp ?? null });
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request("http://onair.test/api/trpc/chat.send", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize({ streamId, body })),
    }),
    router: appRouter,
    createContext: () => context,
  });
  const payload = (await response.json()) as { result?: { data: never }; error?: never };
  if (payload.error) {
    const shape = superjson.deserialize<{ message: string; data: { code: string; reason: string | null; retryAfterMs: number | null } }>(
      payload.error,
    );
    return { ok: false, code: shape.data.code, message: shape.message, reason: shape.data.reason, retryAfterMs: shape.data.retryAfterMs };
  }
  return { ok: true, ...superjson.deserialize<Omit<Extract<SendOutcome, { ok: true }>, "ok">>(payload.result!.data) };
}

function refusal(outcome: SendOutcome): Refusal {
  if (outcome.ok) throw new Error(`expected a refusal, but the message was accepted (${outcome.status}: ${outcome.message.body})`);
  const { ok: _ok, ...rest } = outcome;
  return rest;
}

function accepted(outcome: SendOutcome) {
  if (!outcome.ok)
    throw new Error(`expected the message to be accepted, but it was refused: ${outcome.code} ${outcome.reason} "${outcome.message}"`);
  return outcome;
}

async function streamWith(settings: Prisma.LiveStreamUpdateInput = {}) {
  const owner = await createUser(env.db);
  const stream = await createStream(env.db, owner.id);
  await env.db.liveStream.update({ where: { id: stream.id }, data: settings });
  return { owner, streamId: stream.id };
}

/** What a refused message must not change: the stream's messages, its sequence and its audit log. */
async function snapshot(streamId: string) {
  const [messages, stream, logs] = await Promise.all([
    env.db.chatMessage.count({ where: { streamId } }),
    env.db.liveStream.findUniqueOrThrow({ where: { id: streamId }, select: { lastMessageSeq: true } }),
    env.db.moderationLog.count({ where: { streamId } }),
  ]);
  return { messages, lastMessageSeq: stream.lastMessageSeq, logs };
}

async function addTerm(streamId: string, term: string, action: "ALLOW" | "MASK" | "HOLD" | "BLOCK" | "ESCALATE") {
  await env.db.blockedTerm.create({ data: { streamId, term, action } });
  await env.db.liveStream.update({ where: { id: streamId }, data: { termsVersion: { increment: 1 } } });
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe("refusals: specific code, message and reason; nothing written", () => {
  it("banned from the stream, and banned everywhere", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    const viewer = await createUser(env.db);
    const other = await createUser(env.db);
    await env.db.ban.create({ data: { kind: "BAN", streamId, userId: viewer.id } });
    await env.db.ban.create({ data: { kind: "BAN", streamId: null, userId: other.id } });
    const before = await snapshot(streamId);

    expect(refusal(await send(viewer, streamId, "hello", { limits }))).toEqual({
      code: "FORBIDDEN",
      message: "You are banned from this chat.",
      reason: "BANNED",
      retryAfterMs: null,
    });
    expect(refusal(await send(other, streamId, "hello", { limits }))).toMatchObject({
      code: "FORBIDDEN",
      message: "You are banned from chatting on OnAir.",
      reason: "BANNED",
    });
    expect(await snapshot(streamId)).toEqual(before);
  });

  it("a ban that was lifted or a timeout that has run out no longer refuses", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    const viewer = await createUser(env.db);
    await env.db.ban.create({ data: { kind: "BAN", streamId, userId: viewer.id, revokedAt: new Date() } });
    await env.db.ban.create({ data: { kind: "TIMEOUT", streamId, userId: viewer.id, expiresAt: new Date(Date.now() - 1000) } });
    expect(accepted(await send(viewer, streamId, "back again", { limits })).message.body).toBe("back again");
  });

  it("timed out: says for how many more minutes", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    const viewer = await createUser(env.db);
    await env.db.ban.create({ data: { kind: "TIMEOUT", streamId, userId: viewer.id, expiresAt: new Date(Date.now() + 5 * 60_000) } });
    const before = await snapshot(streamId);

    const refused = refusal(await send(viewer, streamId, "hello", { limits }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "You are timed out for 5 more minutes.", reason: "TIMED_OUT" });
    expect(refused.retryAfterMs).toBeGreaterThan(4 * 60_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(5 * 60_000);
    expect(await snapshot(streamId)).toEqual(before);
  });

  it("chat turned off", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith({ chatEnabled: false });
    const viewer = await createUser(env.db);
    const before = await snapshot(streamId);
    expect(refusal(await send(viewer, streamId, "hello", { limits }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: "Chat is turned off for this stream.",
      reason: "CHAT_DISABLED",
      retryAfterMs: null,
    });
    expect(await snapshot(streamId)).toEqual(before);
  });

  it("slow mode: the second message within the window waits, with the seconds left", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith({ slowModeSeconds: 10 });
    const viewer = await createUser(env.db);
    accepted(await send(viewer, streamId, "first", { limits }));
    const before = await snapshot(streamId);

    const refused = refusal(await send(viewer, streamId, "second", { limits }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.reason).toBe("SLOW_MODE");
    expect(refused.retryAfterMs).toBeGreaterThan(5_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(10_000);
    // The wait is rounded up to whole seconds, so waiting that long is always enough.
    expect(refused.message).toBe(`Slow mode: wait ${Math.ceil(refused.retryAfterMs! / 1000)} seconds.`);
    expect(await snapshot(streamId)).toEqual(before);

    // Slow mode is per person: someone else may send at once.
    accepted(await send(await createUser(env.db), streamId, "me too", { limits }));
  });

  it("per-user rate limit: the allowance holds across streams", async () => {
    const limits = redisLimits({ userMessages: 3, userWindowSeconds: 30 });
    const { streamId } = await streamWith();
    const { streamId: otherStreamId } = await streamWith();
    const viewer = await createUser(env.db);
    for (let i = 1; i <= 3; i++) accepted(await send(viewer, i === 2 ? otherStreamId : streamId, `m${i}`, { limits }));
    const before = await snapshot(streamId);

    const refused = refusal(await send(viewer, streamId, "m4", { limits }));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    expect(refused.retryAfterMs).toBeGreaterThan(20_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(refused.message).toBe(`You are sending messages too fast: wait ${Math.ceil(refused.retryAfterMs! / 1000)} seconds.`);
    expect(refusal(await send(viewer, otherStreamId, "m4 elsewhere", { limits })).reason).toBe("RATE_LIMITED");
    expect(await snapshot(streamId)).toEqual(before);
    // Another person is not affected.
    accepted(await send(await createUser(env.db), streamId, "hi", { limits }));
  });

  it("per-IP rate limit: several accounts behind one address share it", async () => {
    const limits = redisLimits({ ipMessages: 3, ipWindowSeconds: 30 });
    const { streamId } = await streamWith();
    const [alice, bob, carol] = [await createUser(env.db), await createUser(env.db), await createUser(env.db)];
    const clientIp = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    accepted(await send(alice, streamId, "a1", { limits, clientIp }));
    accepted(await send(alice, streamId, "a2", { limits, clientIp }));
    accepted(await send(bob, streamId, "b1", { limits, clientIp }));
    const before = await snapshot(streamId);

    const refused = refusal(await send(bob, streamId, "b2", { limits, clientIp }));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    expect(refused.retryAfterMs).toBeGreaterThan(20_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(refused.message).toBe(`Too many messages from your network: wait ${Math.ceil(refused.retryAfterMs! / 1000)} seconds.`);
    expect(refusal(await send(carol, streamId, "c1", { limits, clientIp })).reason).toBe("RATE_LIMITED");
    expect(await snapshot(streamId)).toEqual(before);
    // The same people from another address are fine.
    accepted(await send(carol, streamId, "c1 from home", { limits, clientIp: "198.51.100.7" }));
  });

  it("followers-only: not following, then followed too recently, then long enough", async () => {
    const limits = redisLimits();
    const { owner, streamId } = await streamWith({ followersOnlyMinutes: 10 });
    const viewer = await createUser(env.db);
    const before = await snapshot(streamId);

    expect(refusal(await send(viewer, streamId, "hello", { limits }))).toEqual({
      code: "FORBIDDEN",
      message: `Followers-only chat: follow @${owner.username} to chat.`,
      reason: "FOLLOWERS_ONLY",
      retryAfterMs: null,
    });

    await env.db.follow.create({ data: { followerId: viewer.id, channelId: owner.id, createdAt: minutesAgo(3) } });
    const tooRecent = refusal(await send(viewer, streamId, "hello", { limits }));
    expect(tooRecent).toMatchObject({
      code: "FORBIDDEN",
      message: `Followers-only chat: you can chat once you have followed @${owner.username} for 10 minutes, in 7 minutes.`,
      reason: "FOLLOWERS_ONLY",
    });
    expect(tooRecent.retryAfterMs).toBeGreaterThan(6 * 60_000);
    expect(tooRecent.retryAfterMs).toBeLessThanOrEqual(7 * 60_000);
    expect(await snapshot(streamId)).toEqual(before);

    await env.db.follow.update({
      where: { followerId_channelId: { followerId: viewer.id, channelId: owner.id } },
      data: { createdAt: minutesAgo(11) },
    });
    accepted(await send(viewer, streamId, "hello at last", { limits }));
  });

  it("registered-only: an account too new is told when it can chat", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith({ registeredOnlyMinutes: 60 });
    const newcomer = await createUser(env.db);
    await env.db.user.update({ where: { id: newcomer.id }, data: { createdAt: minutesAgo(15) } });
    const regular = await createUser(env.db);
    await env.db.user.update({ where: { id: regular.id }, data: { createdAt: minutesAgo(61) } });
    const before = await snapshot(streamId);

    const refused = refusal(await send(newcomer, streamId, "hello", { limits }));
    expect(refused).toMatchObject({
      code: "FORBIDDEN",
      message: "Only accounts older than 60 minutes can chat here: you can chat in 45 minutes.",
      reason: "REGISTERED_ONLY",
    });
    expect(refused.retryAfterMs).toBeGreaterThan(44 * 60_000);
    expect(await snapshot(streamId)).toEqual(before);
    accepted(await send(regular, streamId, "hello", { limits }));
  });

  it("emote-only: emoji pass, text is refused", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith({ emoteOnly: true });
    const viewer = await createUser(env.db);
    expect(accepted(await send(viewer, streamId, "🎉🔥", { limits })).message.body).toBe("🎉🔥");
    expect(accepted(await send(viewer, streamId, "👍🏽 👨‍👩‍👧", { limits })).message.body).toBe("👍🏽 👨‍👩‍👧");
    // Flags and keycaps are emoji too.
    expect(accepted(await send(viewer, streamId, "🇫🇷 🇯🇵", { limits })).message.body).toBe("🇫🇷 🇯🇵");
    expect(accepted(await send(viewer, streamId, "1️⃣ #️⃣", { limits })).message.body).toBe("1️⃣ #️⃣");
    const before = await snapshot(streamId);

    // Digits are text unless they are part of a keycap.
    for (const text of ["hi 🎉", "hello", "123", "555 0199 🎉", "🎉 2024"]) {
      expect(refusal(await send(viewer, streamId, text, { limits }))).toEqual({
        code: "BAD_REQUEST",
        message: "Emote-only mode: send only emoji.",
        reason: "EMOTE_ONLY",
        retryAfterMs: null,
      });
    }
    expect(await snapshot(streamId)).toEqual(before);
  });

  it("unique chat: the same text again within 30 s is refused, ignoring case and spacing", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith({ uniqueChat: true });
    const viewer = await createUser(env.db);
    const other = await createUser(env.db);
    accepted(await send(viewer, streamId, "Hello   World!", { limits }));
    const before = await snapshot(streamId);

    for (const [who, text] of [
      [viewer, "hello world!"],
      [viewer, "  HELLO WORLD!!!  "],
      [other, "hello\tworld!"],
    ] as const) {
      const refused = refusal(await send(who, streamId, text, { limits }));
      expect(refused).toMatchObject({
        code: "BAD_REQUEST",
        message: "Unique chat: this message was just sent. Say something new.",
        reason: "DUPLICATE_MESSAGE",
      });
      expect(refused.retryAfterMs).toBeGreaterThan(25_000);
    }
    expect(await snapshot(streamId)).toEqual(before);
    accepted(await send(viewer, streamId, "hello world, again", { limits }));
    // Unique chat is per stream.
    const { streamId: elsewhere } = await streamWith({ uniqueChat: true });
    accepted(await send(viewer, elsewhere, "hello world!", { limits }));
  });
});

describe("a refused message does not use up the sender's allowance", () => {
  it("slow-mode refusals do not count against the per-user limit", async () => {
    const limits = redisLimits({ userMessages: 2, userWindowSeconds: 30 });
    const { streamId: slow } = await streamWith({ slowModeSeconds: 60 });
    const { streamId: open } = await streamWith();
    const viewer = await createUser(env.db);
    accepted(await send(viewer, slow, "one", { limits }));
    for (let i = 0; i < 5; i++) expect(refusal(await send(viewer, slow, `again ${i}`, { limits })).reason).toBe("SLOW_MODE");
    // The per-user allowance is 2: one is used, so one more goes through.
    accepted(await send(viewer, open, "two", { limits }));
    expect(refusal(await send(viewer, open, "three", { limits })).reason).toBe("RATE_LIMITED");
  });

  it("unique-chat refusals give back what they took from the per-user and per-IP limits", async () => {
    const limits = redisLimits({ userMessages: 2, userWindowSeconds: 30, ipMessages: 2, ipWindowSeconds: 30 });
    const { streamId } = await streamWith({ uniqueChat: true });
    const viewer = await createUser(env.db);
    const clientIp = "192.0.2.44";
    accepted(await send(viewer, streamId, "same", { limits, clientIp }));
    for (let i = 0; i < 4; i++)
      expect(refusal(await send(viewer, streamId, "same", { limits, clientIp })).reason).toBe("DUPLICATE_MESSAGE");
    accepted(await send(viewer, streamId, "different", { limits, clientIp }));
    expect(refusal(await send(viewer, streamId, "third", { limits, clientIp })).reason).toBe("RATE_LIMITED");
  });

  it("per-IP refusals do not count against the sender's own limit", async () => {
    const limits = redisLimits({ userMessages: 2, userWindowSeconds: 30, ipMessages: 1, ipWindowSeconds: 30 });
    const { streamId } = await streamWith();
    const [neighbour, viewer] = [await createUser(env.db), await createUser(env.db)];
    accepted(await send(neighbour, streamId, "first from this network", { limits, clientIp: "192.0.2.80" }));
    for (let i = 0; i < 3; i++)
      expect(refusal(await send(viewer, streamId, "me", { limits, clientIp: "192.0.2.80" })).reason).toBe("RATE_LIMITED");
    accepted(await send(viewer, streamId, "from another network", { limits, clientIp: "192.0.2.81" }));
    accepted(await send(viewer, streamId, "and again", { limits, clientIp: "192.0.2.82" }));
  });
});

describe("moderators, owners and admins", () => {
  it("are exempt from slow mode, rate limits and every chat mode, and their badges are stored and returned", async () => {
    const limits = redisLimits({ userMessages: 1, userWindowSeconds: 30, ipMessages: 1, ipWindowSeconds: 30 });
    const { owner, streamId } = await streamWith({
      chatEnabled: false,
      slowModeSeconds: 60,
      emoteOnly: true,
      uniqueChat: true,
      followersOnlyMinutes: 60,
      registeredOnlyMinutes: 60,
    });
    const streamModerator = await createUser(env.db);
    await env.db.streamModerator.create({ data: { streamId, userId: streamModerator.id } });
    const globalModerator = await createUser(env.db, { role: "MODERATOR" });
    const admin = await createUser(env.db, { role: "ADMIN" });

    for (const [who, badge] of [
      [owner, "OWNER"],
      [streamModerator, "MODERATOR"],
      [globalModerator, "MODERATOR"],
      [admin, "ADMIN"],
    ] as const) {
      for (let i = 1; i <= 3; i++) {
        const sent = accepted(await send(who, streamId, "same text", { limits, clientIp: "192.0.2.1" }));
        expect(sent.status).toBe("VISIBLE");
        expect(sent.message.author.badge).toBe(badge);
        const stored = await env.db.chatMessage.findUniqueOrThrow({ where: { id: sent.message.id } });
        expect(stored.authorBadge).toBe(badge);
      }
    }
    expect(await env.db.chatMessage.count({ where: { streamId, status: "VISIBLE" } })).toBe(12);
  });

  it("a viewer's message has no badge", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    const viewer = await createUser(env.db);
    const sent = accepted(await send(viewer, streamId, "hi", { limits }));
    expect(sent.message.author.badge).toBe(null);
    expect((await env.db.chatMessage.findUniqueOrThrow({ where: { id: sent.message.id } })).authorBadge).toBe(null);
  });

  it("a moderator demoted while connected loses the exemption at once (the stored role counts, not the connection's)", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith({ slowModeSeconds: 60 });
    const moderator = await createUser(env.db, { role: "MODERATOR" });
    accepted(await send(moderator, streamId, "first", { limits }));
    await env.db.user.update({ where: { id: moderator.id }, data: { role: "VIEWER" } });
    // The same session user (role MODERATOR), as an open WebSocket connection still holds it.
    accepted(await send(moderator, streamId, "second", { limits }));
    const third = refusal(await send(moderator, streamId, "third", { limits }));
    expect(third.reason).toBe("SLOW_MODE");
    const stored = await env.db.chatMessage.findMany({
      where: { streamId },
      orderBy: { seq: "asc" },
      select: { body: true, authorBadge: true },
    });
    expect(stored).toEqual([
      { body: "first", authorBadge: "MODERATOR" },
      { body: "second", authorBadge: null },
    ]);
  });

  it("bans still apply to a moderator", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    const moderator = await createUser(env.db, { role: "MODERATOR" });
    await env.db.ban.create({ data: { kind: "BAN", streamId: null, userId: moderator.id } });
    expect(refusal(await send(moderator, streamId, "hi", { limits })).reason).toBe("BANNED");
  });
});

describe("the content filter's decisions", () => {
  it("MASK stores the masked body with the original and writes a MESSAGE_MASK row", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    await addTerm(streamId, "spoiler", "MASK");
    const viewer = await createUser(env.db);

    const sent = accepted(await send(viewer, streamId, "no spoiler please", { limits }));
    expect(sent).toMatchObject({ status: "VISIBLE", masked: true, message: { body: "no ******* please", seq: 1 } });
    const stored = await env.db.chatMessage.findUniqueOrThrow({ where: { id: sent.message.id } });
    expect(stored).toMatchObject({ status: "VISIBLE", seq: 1, body: "no ******* please", originalBody: "no spoiler please" });
    const logs = await env.db.moderationLog.findMany({ where: { streamId } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ action: "MESSAGE_MASK", actorId: null, targetUserId: viewer.id, targetMessageId: sent.message.id });

    // The profanity filter's default mode masks too.
    const sworn = accepted(await send(viewer, streamId, "oh sh1t", { limits }));
    expect(sworn).toMatchObject({ masked: true, message: { body: "oh ****", seq: 2 } });
    // A clean message stores no original and writes no log row.
    const clean = accepted(await send(viewer, streamId, "all good", { limits }));
    expect(clean.masked).toBe(false);
    expect((await env.db.chatMessage.findUniqueOrThrow({ where: { id: clean.message.id } })).originalBody).toBe(null);
    expect(await env.db.moderationLog.count({ where: { streamId } })).toBe(2);
  });

  it("HOLD stores a HELD message with no sequence number and writes a MESSAGE_HOLD row", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    await addTerm(streamId, "giveaway", "HOLD");
    const viewer = await createUser(env.db);

    const held = accepted(await send(viewer, streamId, "free giveaway here", { limits }));
    expect(held.status).toBe("HELD");
    const stored = await env.db.chatMessage.findUniqueOrThrow({ where: { id: held.message.id } });
    expect(stored).toMatchObject({ status: "HELD", seq: null, body: "free giveaway here", originalBody: "free giveaway here" });
    expect((await snapshot(streamId)).lastMessageSeq).toBe(0);
    const logs = await env.db.moderationLog.findMany({ where: { streamId } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ action: "MESSAGE_HOLD", actorId: null, targetUserId: viewer.id, targetMessageId: held.message.id });

    // The next visible message still gets sequence number 1.
    expect(accepted(await send(viewer, streamId, "hello", { limits })).message.seq).toBe(1);
  });

  it("the profanity filter in HOLD mode holds profanity", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith({ profanityFilter: "HOLD" });
    const viewer = await createUser(env.db);
    const held = accepted(await send(viewer, streamId, "f u c k this", { limits }));
    expect(held.status).toBe("HELD");
    expect(await env.db.moderationLog.count({ where: { streamId, action: "MESSAGE_HOLD" } })).toBe(1);
  });

  it("BLOCK refuses the message, stores nothing and writes a MESSAGE_BLOCK row", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    await addTerm(streamId, "scammer", "BLOCK");
    const viewer = await createUser(env.db);

    expect(refusal(await send(viewer, streamId, "you SCAMMER!", { limits }))).toEqual({
      code: "BAD_REQUEST",
      message: "Your message was not sent: it contains a blocked term.",
      reason: "BLOCKED_TERM",
      retryAfterMs: null,
    });
    expect(await env.db.chatMessage.count({ where: { streamId } })).toBe(0);
    expect((await snapshot(streamId)).lastMessageSeq).toBe(0);
    const logs = await env.db.moderationLog.findMany({ where: { streamId } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ action: "MESSAGE_BLOCK", actorId: null, targetUserId: viewer.id, targetMessageId: null });
  });

  it("ESCALATE twice within 10 minutes holds both and times the sender out automatically", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    await addTerm(streamId, "*coin", "ESCALATE");
    const viewer = await createUser(env.db);
    const bystander = await createUser(env.db);

    const first = accepted(await send(viewer, streamId, "buy bitcoin now", { limits }));
    expect(first.status).toBe("HELD");
    expect(await env.db.ban.count({ where: { userId: viewer.id } })).toBe(0);
    // Someone else's escalation does not count towards this sender's.
    expect(accepted(await send(bystander, streamId, "dogecoin?", { limits })).status).toBe("HELD");

    const second = accepted(await send(viewer, streamId, "seriously, bitcoin", { limits }));
    expect(second.status).toBe("HELD");
    const held = await env.db.chatMessage.findMany({ where: { streamId, userId: viewer.id }, orderBy: { createdAt: "asc" } });
    expect(held.map((message) => [message.status, message.seq])).toEqual([
      ["HELD", null],
      ["HELD", null],
    ]);
    const timeout = await env.db.ban.findFirstOrThrow({ where: { userId: viewer.id, streamId } });
    expect(timeout.kind).toBe("TIMEOUT");
    expect(timeout.createdById).toBe(null);
    expect(timeout.expiresAt!.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(timeout.expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const timeoutLog = await env.db.moderationLog.findFirstOrThrow({ where: { streamId, action: "USER_TIMEOUT" } });
    expect(timeoutLog).toMatchObject({ actorId: null, targetUserId: viewer.id, targetMessageId: second.message.id });
    expect(await env.db.moderationLog.count({ where: { streamId, action: "MESSAGE_HOLD", targetUserId: viewer.id } })).toBe(2);

    const refused = refusal(await send(viewer, streamId, "hello?", { limits }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "You are timed out for 10 more minutes.", reason: "TIMED_OUT" });
    expect(await env.db.ban.count({ where: { userId: bystander.id } })).toBe(0);
  });

  it("ESCALATE sent twice at the same moment still times the sender out", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith();
    await addTerm(streamId, "*coin", "ESCALATE");
    const viewer = await createUser(env.db);

    const both = await Promise.all([send(viewer, streamId, "bitcoin", { limits }), send(viewer, streamId, "litecoin", { limits })]);
    expect(both.map((outcome) => accepted(outcome).status)).toEqual(["HELD", "HELD"]);
    expect(await env.db.ban.count({ where: { userId: viewer.id, streamId, kind: "TIMEOUT" } })).toBe(1);
    expect(refusal(await send(viewer, streamId, "hello?", { limits })).reason).toBe("TIMED_OUT");
  });

  it("ALLOW exempts text from the profanity filter", async () => {
    const limits = redisLimits();
    const { streamId } = await streamWith({ profanityFilter: "BLOCK" });
    await addTerm(streamId, "moby dick", "ALLOW");
    const viewer = await createUser(env.db);
    expect(accepted(await send(viewer, streamId, "Moby Dick is long", { limits })).message.body).toBe("Moby Dick is long");
    expect(refusal(await send(viewer, streamId, "what a dick", { limits })).reason).toBe("BLOCKED_TERM");
  });
});

describe("with Redis down", () => {
  it("sends keep working on in-memory limits, and every acknowledged message is stored", async () => {
    const redis = await startTestRedis();
    try {
      const limits = redisLimits({ userMessages: 3, userWindowSeconds: 30 }, redis.url);
      const { streamId } = await streamWith();
      const viewer = await createUser(env.db);
      const other = await createUser(env.db);
      const acknowledged: number[] = [];
      acknowledged.push(accepted(await send(viewer, streamId, "before", { limits })).message.seq!);

      await redis.stop();
      // Each instance counts in its own memory meanwhile: the limit still holds.
      for (let i = 1; i <= 3; i++) acknowledged.push(accepted(await send(viewer, streamId, `during ${i}`, { limits })).message.seq!);
      expect(refusal(await send(viewer, streamId, "during 4", { limits })).reason).toBe("RATE_LIMITED");
      acknowledged.push(accepted(await send(other, streamId, "someone else during", { limits })).message.seq!);

      await redis.start();
      acknowledged.push(accepted(await send(other, streamId, "after", { limits })).message.seq!);

      expect(acknowledged).toEqual([1, 2, 3, 4, 5, 6]);
      const stored = await env.db.chatMessage.findMany({ where: { streamId }, orderBy: { seq: "asc" } });
      expect(stored.map((message) => message.body)).toEqual(["before", "during 1", "during 2", "during 3", "someone else during", "after"]);
    } finally {
      await redis.dispose();
    }
  });
});
