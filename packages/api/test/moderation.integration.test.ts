import { randomBytes } from "node:crypto";
import { isTrackedEnvelope, TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { ChatEvent, ModerationEvent } from "../src/events/types";
import { AppError } from "../src/errors";
import { sessionUserSelect } from "../src/services/account/session-user";
import { CSV_COLUMNS } from "../src/services/moderation/audit";
import { exportModerationLog } from "../src/services/moderation/export";
import { callerFor, createStream, createUser, openTestEnv, unique, visible, type TestEnv } from "./fixtures";
import { consume, sleep } from "./subscribe";

// Real PostgreSQL (migrated per run) and the real PostgreSQL LISTEN/NOTIFY bus; nothing mocked.
let env: TestEnv;
beforeAll(async () => {
  env = openTestEnv();
  // An audit write that the database refuses, for one kind of actor only: proves each action
  // and its audit row commit together (the action must leave no trace when its row cannot be written).
  await env.db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION test_refuse_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit row refused by the test'; END; $$`);
  await env.db.$executeRawUnsafe(`
    CREATE OR REPLACE TRIGGER test_refuse_audit_row BEFORE INSERT ON moderation_logs
    FOR EACH ROW WHEN (NEW."actorId" LIKE 'auditfails%') EXECUTE FUNCTION test_refuse_audit_row()`);
});
afterAll(async () => {
  await env.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_refuse_audit_row ON moderation_logs`);
  await env.db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS test_refuse_audit_row()`);
  await env.close();
});

type TestUser = Awaited<ReturnType<typeof createUser>>;

/** A live stream with its owner, one appointed moderator and one viewer. */
async function room() {
  const [owner, mod, viewer] = await Promise.all([createUser(env.db), createUser(env.db), createUser(env.db)]);
  const stream = await createStream(env.db, owner.id);
  await env.db.streamModerator.create({ data: { streamId: stream.id, userId: mod.id, appointedById: owner.id } });
  return { owner, mod, viewer, stream, streamId: stream.id };
}

const as = (user: TestUser | null) => callerFor(env, user);

/** The code and the readable message a call fails with (zod's messages for bad input); fails the test if it succeeds. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected the call to fail with a TRPCError, got ${String(error)}`);
  const message = error.cause instanceof ZodError ? error.cause.issues.map((issue) => issue.message).join("; ") : error.message;
  return { code: error.code, message };
}

function logRows(where: { streamId?: string | null; actorId?: string; targetUserId?: string }) {
  return env.db.moderationLog.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** A user whose audit rows the database refuses (see beforeAll); an admin, so every procedure lets them in. */
async function adminWhoseAuditFails(): Promise<TestUser> {
  const username = unique("auditfails_");
  const user = await env.db.user.create({
    data: { id: `auditfails${randomBytes(6).toString("hex")}`, username, email: `${username}@test.onair`, role: "ADMIN" },
    select: sessionUserSelect,
  });
  return { ...user, email: `${username}@test.onair` };
}

/** A chat.onMessage subscription through the router, its tracked events unwrapped. */
function chatFeed(user: TestUser | null, streamId: string, lastEventId: string | null) {
  const abort = new AbortController();
  const caller = callerFor(env, user, null, abort.signal);
  const feed = consume<{ id: string; event: ChatEvent }>(
    (async function* () {
      for await (const item of await caller.chat.onMessage({ streamId, lastEventId })) {
        if (!isTrackedEnvelope(item)) throw new Error("chat.onMessage yielded an untracked event");
        yield { id: item[0], event: item[1] as ChatEvent };
      }
    })(),
  );
  return { ...feed, stop: () => abort.abort() };
}

function moderationFeed(user: TestUser, streamId: string) {
  const abort = new AbortController();
  const caller = callerFor(env, user, null, abort.signal);
  const feed = consume<ModerationEvent>(
    (async function* () {
      yield* await caller.moderation.onEvents({ streamId });
    })(),
  );
  return { ...feed, stop: () => abort.abort() };
}

async function settingsOf(streamId: string) {
  return env.db.liveStream.findUniqueOrThrow({
    where: { id: streamId },
    select: {
      chatEnabled: true,
      slowModeSeconds: true,
      emoteOnly: true,
      uniqueChat: true,
      followersOnlyMinutes: true,
      registeredOnlyMinutes: true,
      profanityFilter: true,
      shieldMode: true,
    },
  });
}

describe("deleting a message", () => {
  it("removes it from history and replay, tells live subscribers, and writes one MESSAGE_DELETE row", async () => {
    const { mod, viewer, streamId } = await room();
    const first = visible(await as(viewer).chat.send({ streamId, body: "first message" }));
    const second = visible(await as(viewer).chat.send({ streamId, body: "second message" }));
    const live = chatFeed(null, streamId, null);
    await live.until(({ event }) => event.type === "chat.history");

    expect(await as(mod).moderation.deleteMessage({ streamId, messageId: first.id, reason: "off topic" })).toEqual({
      messageId: first.id,
      status: "DELETED",
    });

    const deleted = await live.until(({ event }) => event.type === "chat.messageDeleted");
    expect(deleted.event).toEqual({ type: "chat.messageDeleted", streamId, messageIds: [first.id] });
    const history = await as(null).chat.history({ streamId });
    expect(history.messages.map((message) => message.id)).toEqual([second.id]);

    // A client replaying from the start gets the second message only (in seq order, so the first would come before it).
    const replay = chatFeed(null, streamId, "0");
    await replay.until(({ event }) => event.type === "chat.message" && event.message.id === second.id);
    expect(replay.events.map(({ event }) => (event.type === "chat.message" ? event.message.id : event.type))).toEqual([second.id]);
    // A client that had both messages and reconnects is told about the deletion.
    const resumed = chatFeed(null, streamId, String(second.seq));
    expect((await resumed.until(({ event }) => event.type === "chat.messageDeleted")).event).toMatchObject({ messageIds: [first.id] });
    for (const feed of [live, replay, resumed]) feed.stop();

    const rows = await logRows({ streamId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "MESSAGE_DELETE",
      actorId: mod.id,
      targetUserId: viewer.id,
      targetMessageId: first.id,
      reason: "off topic",
    });
    const stored = await env.db.chatMessage.findUniqueOrThrow({ where: { id: first.id } });
    expect(stored).toMatchObject({ status: "DELETED", deletedById: mod.id });

    // Deleting it again is a conflict and writes nothing.
    expect(await failure(as(mod).moderation.deleteMessage({ streamId, messageId: first.id }))).toEqual({
      code: "CONFLICT",
      message: "That message is already deleted.",
    });
    expect(await logRows({ streamId })).toHaveLength(1);
  });
});

describe("hold for review", () => {
  it("holds a message that matches a HOLD term; approval gives it the next sequence number for live and resuming viewers", async () => {
    const { owner, mod, viewer, streamId } = await room();
    const term = await as(mod).moderation.addTerm({ streamId, term: "Giveaway", action: "HOLD" });
    expect(term).toMatchObject({ term: "giveaway", action: "HOLD" });
    const before = visible(await as(viewer).chat.send({ streamId, body: "hello everyone" }));
    const live = chatFeed(owner, streamId, null);
    await live.until(({ event }) => event.type === "chat.history");
    const mods = moderationFeed(mod, streamId);
    await mods.until((event) => event.type === "moderation.queue");

    const sent = await as(viewer).chat.send({ streamId, body: "free giveaway, click here" });
    expect(sent.status).toBe("HELD");
    expect(sent.message).not.toHaveProperty("seq");
    expect((await env.db.chatMessage.findUniqueOrThrow({ where: { id: sent.message.id } })).seq).toBeNull();
    expect(await mods.until((event) => event.type === "moderation.held")).toMatchObject({ message: { id: sent.message.id } });
    expect(await failure(as(mod).moderation.deleteMessage({ streamId, messageId: sent.message.id }))).toEqual({
      code: "CONFLICT",
      message: "That message is waiting for review: approve or deny it instead.",
    });
    const queue = await as(mod).moderation.queue({ streamId });
    expect(queue.map((message) => message.id)).toEqual([sent.message.id]);
    expect(queue[0]!.reason).toContain("giveaway");
    expect((await as(null).chat.history({ streamId })).messages.map((message) => message.id)).toEqual([before.id]);
    expect((await as(viewer).chat.myHeld({ streamId })).map((message) => message.id)).toEqual([sent.message.id]);

    const approved = await as(mod).moderation.approve({ streamId, messageId: sent.message.id, reason: "fine" });
    expect(approved).toMatchObject({ status: "VISIBLE", message: { id: sent.message.id, seq: before.seq + 1 } });

    const delivered = await live.until(({ event }) => event.type === "chat.message" && event.message.id === sent.message.id);
    expect(delivered.id).toBe(String(before.seq + 1));
    const resumed = chatFeed(null, streamId, String(before.seq));
    const replayed = await resumed.until(({ event }) => event.type === "chat.message");
    expect(replayed).toMatchObject({
      id: String(before.seq + 1),
      event: { message: { id: sent.message.id, body: "free giveaway, click here" } },
    });
    await mods.until((event) => event.type === "moderation.reviewed" && event.messageId === sent.message.id && event.approved);
    for (const feed of [live, resumed, mods]) feed.stop();
    expect(await as(mod).moderation.queue({ streamId })).toEqual([]);

    const rows = await logRows({ streamId });
    expect(rows.map((row) => [row.action, row.actorId])).toEqual([
      ["TERM_ADD", mod.id],
      ["MESSAGE_HOLD", null],
      ["MESSAGE_APPROVE", mod.id],
    ]);
    expect(rows[0]!.details).toEqual({ term: "giveaway", termAction: "HOLD" });
    expect(rows[1]).toMatchObject({ targetUserId: viewer.id, targetMessageId: sent.message.id });
    expect(rows[2]).toMatchObject({ targetUserId: viewer.id, targetMessageId: sent.message.id, reason: "fine" });

    // A second review is a conflict and is not logged.
    for (const review of [as(mod).moderation.approve, as(owner).moderation.deny]) {
      expect(await failure(review({ streamId, messageId: sent.message.id }))).toEqual({
        code: "CONFLICT",
        message: "That message is not waiting for review.",
      });
    }
    expect(await logRows({ streamId })).toHaveLength(3);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: streamId } })).lastMessageSeq).toBe(before.seq + 1);
  });

  it("denies a held message: status DENIED, only its author is told, and one MESSAGE_DENY row", async () => {
    const { mod, viewer, streamId } = await room();
    const bystander = await createUser(env.db);
    await as(mod).moderation.addTerm({ streamId, term: "crypto*", action: "HOLD" });
    const held = await as(viewer).chat.send({ streamId, body: "buy cryptocoins now" });
    expect(held.status).toBe("HELD");
    const author = chatFeed(viewer, streamId, null);
    const other = chatFeed(bystander, streamId, null);
    await Promise.all([
      author.until(({ event }) => event.type === "chat.history"),
      other.until(({ event }) => event.type === "chat.history"),
    ]);

    expect(await as(mod).moderation.deny({ streamId, messageId: held.message.id, reason: "spam" })).toEqual({
      messageId: held.message.id,
      status: "DENIED",
    });
    expect((await author.until(({ event }) => event.type === "chat.messageDenied")).event).toEqual({
      type: "chat.messageDenied",
      streamId,
      messageId: held.message.id,
      authorId: viewer.id,
    });
    // A message sent after the denial reaches the bystander; the denial itself never did.
    const marker = visible(await as(mod).chat.send({ streamId, body: "carry on" }));
    await other.until(({ event }) => event.type === "chat.message" && event.message.id === marker.id);
    expect(other.events.map(({ event }) => event.type)).toEqual(["chat.history", "chat.message"]);
    author.stop();
    other.stop();

    expect(await env.db.chatMessage.findUniqueOrThrow({ where: { id: held.message.id } })).toMatchObject({ status: "DENIED", seq: null });
    expect(await as(mod).moderation.queue({ streamId })).toEqual([]);
    expect(await as(viewer).chat.myHeld({ streamId })).toEqual([]);
    expect(await failure(as(mod).moderation.deny({ streamId, messageId: held.message.id }))).toMatchObject({ code: "CONFLICT" });
    expect(await failure(as(mod).moderation.approve({ streamId, messageId: held.message.id }))).toMatchObject({ code: "CONFLICT" });
    expect(await failure(as(mod).moderation.deleteMessage({ streamId, messageId: held.message.id }))).toEqual({
      code: "CONFLICT",
      message: "That message was turned down in review; nobody else sees it.",
    });
    const denies = await logRows({ streamId }).then((rows) => rows.filter((row) => row.action === "MESSAGE_DENY"));
    expect(denies).toHaveLength(1);
    expect(denies[0]).toMatchObject({ actorId: mod.id, targetUserId: viewer.id, targetMessageId: held.message.id, reason: "spam" });
  });

  it("approves a held message once when two moderators approve it at the same time", async () => {
    const { owner, mod, viewer, streamId } = await room();
    await as(mod).moderation.addTerm({ streamId, term: "promo", action: "HOLD" });
    const held = await as(viewer).chat.send({ streamId, body: "promo code inside" });
    const results = await Promise.allSettled([
      as(mod).moderation.approve({ streamId, messageId: held.message.id }),
      as(owner).moderation.approve({ streamId, messageId: held.message.id }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as TRPCError).code).toBe("CONFLICT");
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: streamId } })).lastMessageSeq).toBe(1);
    expect(await env.db.moderationLog.count({ where: { streamId, action: "MESSAGE_APPROVE" } })).toBe(1);
  });
});

describe("actions on people: each writes exactly one audit row", () => {
  it("timeout: the user cannot chat until it expires; a new timeout replaces the running one", async () => {
    const { mod, viewer, streamId } = await room();
    const timeout = await as(mod).moderation.timeout({ streamId, userId: viewer.id, durationSeconds: 600, reason: "calm down" });
    expect(timeout).toMatchObject({ kind: "TIMEOUT", streamId, reason: "calm down", user: { id: viewer.id } });
    expect(timeout.expiresAt!.getTime() - Date.now()).toBeGreaterThan(590_000);
    const refused = await failure(as(viewer).chat.send({ streamId, body: "hello?" }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/^You are timed out for (9|10) more minutes\.$/);

    const rows = await logRows({ streamId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "USER_TIMEOUT", actorId: mod.id, targetUserId: viewer.id, reason: "calm down" });
    expect(rows[0]!.details).toMatchObject({ durationSeconds: 600, expiresAt: timeout.expiresAt!.toISOString(), replacedTimeouts: 0 });

    await as(mod).moderation.timeout({ streamId, userId: viewer.id, durationSeconds: 30 });
    const active = await as(mod).moderation.restrictions({ streamId });
    expect(active.map((ban) => ban.kind)).toEqual(["TIMEOUT"]);
    expect(active[0]!.expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(30_000);
    const latest = await logRows({ streamId });
    expect(latest).toHaveLength(2);
    expect(latest[1]!.details).toMatchObject({ durationSeconds: 30, replacedTimeouts: 1 });
  });

  it("ban and unban: a banned user cannot chat until unbanned", async () => {
    const { mod, owner, viewer, streamId } = await room();
    const ban = await as(mod).moderation.ban({ streamId, userId: viewer.id, reason: "spam links" });
    expect(ban).toMatchObject({ kind: "BAN", streamId, expiresAt: null, createdBy: { id: mod.id } });
    expect(await failure(as(viewer).chat.send({ streamId, body: "let me in" }))).toEqual({
      code: "FORBIDDEN",
      message: "You are banned from this chat.",
    });
    expect(await failure(as(owner).moderation.ban({ streamId, userId: viewer.id }))).toEqual({
      code: "CONFLICT",
      message: "That user is already banned from this chat.",
    });

    expect(await as(owner).moderation.unban({ streamId, userId: viewer.id })).toEqual({ lifted: true });
    expect(visible(await as(viewer).chat.send({ streamId, body: "thanks" })).body).toBe("thanks");
    expect(await failure(as(owner).moderation.unban({ streamId, userId: viewer.id }))).toEqual({
      code: "NOT_FOUND",
      message: "That user is not banned or timed out in this chat.",
    });

    const rows = await logRows({ streamId });
    expect(rows.map((row) => [row.action, row.actorId, row.targetUserId, row.reason, row.details])).toEqual([
      ["USER_BAN", mod.id, viewer.id, "spam links", { scope: "stream" }],
      ["USER_UNBAN", owner.id, viewer.id, null, { scope: "stream", lifted: ["BAN"] }],
    ]);
  });

  it("purge: deletes the user's recent visible and held messages, tells viewers, and logs which", async () => {
    const { mod, viewer, streamId } = await room();
    const bystander = await createUser(env.db);
    await as(mod).moderation.addTerm({ streamId, term: "spam", action: "HOLD" });
    const one = visible(await as(viewer).chat.send({ streamId, body: "one" }));
    const two = visible(await as(viewer).chat.send({ streamId, body: "two" }));
    const held = await as(viewer).chat.send({ streamId, body: "spam spam" });
    const kept = visible(await as(bystander).chat.send({ streamId, body: "not me" }));
    const live = chatFeed(null, streamId, null);
    await live.until(({ event }) => event.type === "chat.history");

    expect(await as(mod).moderation.purge({ streamId, userId: viewer.id, reason: "raid" })).toEqual({ deleted: 3 });
    const deleted = await live.until(({ event }) => event.type === "chat.messageDeleted");
    live.stop();
    expect(deleted.event.type === "chat.messageDeleted" && [...deleted.event.messageIds].sort()).toEqual(
      [one.id, two.id, held.message.id].sort(),
    );
    expect((await as(null).chat.history({ streamId })).messages.map((message) => message.id)).toEqual([kept.id]);
    expect(await as(mod).moderation.queue({ streamId })).toEqual([]);

    const purges = (await logRows({ streamId })).filter((row) => row.action === "USER_PURGE");
    expect(purges).toHaveLength(1);
    expect(purges[0]).toMatchObject({ actorId: mod.id, targetUserId: viewer.id, reason: "raid" });
    const details = purges[0]!.details as { windowMinutes: number; deleted: number; messageIds: string[] };
    expect(details).toMatchObject({ windowMinutes: 60, deleted: 3 });
    expect([...details.messageIds].sort()).toEqual([one.id, two.id, held.message.id].sort());
  });

  it("global ban (admin.ban / admin.unban): refused in every stream, logged without a stream", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const { streamId } = await room();
    const { streamId: otherStreamId } = await room();
    const troll = await createUser(env.db);

    expect(await as(admin).admin.ban({ userId: troll.id, reason: "ban evasion" })).toMatchObject({ kind: "BAN", streamId: null });
    for (const id of [streamId, otherStreamId]) {
      expect(await failure(as(troll).chat.send({ streamId: id, body: "hi" }))).toEqual({
        code: "FORBIDDEN",
        message: "You are banned from chatting on OnAir.",
      });
    }
    expect(await failure(as(admin).admin.ban({ userId: troll.id }))).toMatchObject({ code: "CONFLICT" });
    expect(await as(admin).admin.unban({ userId: troll.id })).toEqual({ lifted: true });
    expect(visible(await as(troll).chat.send({ streamId, body: "I will behave" })).body).toBe("I will behave");

    const rows = await logRows({ targetUserId: troll.id });
    expect(rows.map((row) => [row.streamId, row.action, row.actorId, row.reason, row.details])).toEqual([
      [null, "USER_BAN", admin.id, "ban evasion", { scope: "global" }],
      [null, "USER_UNBAN", admin.id, null, { scope: "global" }],
    ]);
  });

  it("setRole: an admin makes a viewer a global moderator (and back); nobody changes their own role", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const user = await createUser(env.db);
    const { streamId } = await room();

    expect(await failure(as(user).moderation.access({ streamId }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await as(admin).admin.setRole({ userId: user.id, role: "MODERATOR" })).toMatchObject({ id: user.id, role: "MODERATOR" });
    // The session user is read per request: with the new role the user moderates every stream.
    expect(await as({ ...user, role: "MODERATOR" }).moderation.access({ streamId })).toMatchObject({ role: "moderator" });
    expect(await failure(as(admin).admin.setRole({ userId: user.id, role: "MODERATOR" }))).toEqual({
      code: "CONFLICT",
      message: "That user is already moderator.",
    });
    expect(await failure(as(admin).admin.setRole({ userId: admin.id, role: "VIEWER" }))).toEqual({
      code: "BAD_REQUEST",
      message: "You cannot change your own role.",
    });

    const rows = await logRows({ targetUserId: user.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      streamId: null,
      action: "ROLE_CHANGE",
      actorId: admin.id,
      details: { before: "VIEWER", after: "MODERATOR" },
    });
    expect((await env.db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
  });

  it("addModerator / removeModerator: the owner appoints and removes a stream moderator", async () => {
    const { owner, viewer, streamId } = await room();
    expect(await as(owner).moderation.addModerator({ streamId, username: `@${viewer.username.toUpperCase()}` })).toMatchObject({
      id: viewer.id,
    });
    expect(await as(viewer).moderation.access({ streamId })).toMatchObject({ role: "moderator" });
    expect((await as(owner).moderation.moderators({ streamId })).map((m) => m.user.id)).toContain(viewer.id);
    expect(await failure(as(owner).moderation.addModerator({ streamId, username: viewer.username }))).toEqual({
      code: "CONFLICT",
      message: `@${viewer.username} already moderates this stream.`,
    });
    expect(await failure(as(owner).moderation.addModerator({ streamId, username: owner.username }))).toEqual({
      code: "BAD_REQUEST",
      message: "The stream's owner already moderates it.",
    });

    expect(await as(owner).moderation.removeModerator({ streamId, userId: viewer.id })).toEqual({ removed: true });
    expect(await failure(as(viewer).moderation.access({ streamId }))).toMatchObject({ code: "FORBIDDEN" });

    const rows = await logRows({ streamId });
    expect(rows.map((row) => [row.action, row.actorId, row.targetUserId])).toEqual([
      ["MODERATOR_ADD", owner.id, viewer.id],
      ["MODERATOR_REMOVE", owner.id, viewer.id],
    ]);
  });
});

describe("who moderates anything", () => {
  it("owners, appointed and global moderators and admins do; a plain viewer does not", async () => {
    const { owner, mod, viewer } = await room();
    const [globalModerator, admin] = await Promise.all([createUser(env.db, { role: "MODERATOR" }), createUser(env.db, { role: "ADMIN" })]);
    const answers = await Promise.all([owner, mod, globalModerator, admin, viewer].map((user) => as(user).moderation.moderatesAnything()));
    expect(answers).toEqual([true, true, true, true, false]);
  });
});

describe("the person a moderator restricts is told at once", () => {
  it("timeout, ban and unban reach only that user's chat feed", async () => {
    const { mod, viewer, streamId } = await room();
    const bystander = await createUser(env.db);
    const target = chatFeed(viewer, streamId, null);
    const other = chatFeed(bystander, streamId, null);
    await Promise.all([
      target.until(({ event }) => event.type === "chat.history"),
      other.until(({ event }) => event.type === "chat.history"),
    ]);
    const restrictions = () => target.events.flatMap(({ event }) => (event.type === "chat.restrictionChanged" ? [event] : []));

    const timeout = await as(mod).moderation.timeout({ streamId, userId: viewer.id, durationSeconds: 600 });
    await target.until(({ event }) => event.type === "chat.restrictionChanged");
    expect(restrictions()).toEqual([
      { type: "chat.restrictionChanged", streamId, userId: viewer.id, restriction: { kind: "TIMEOUT", expiresAt: timeout.expiresAt } },
    ]);
    await as(mod).moderation.unban({ streamId, userId: viewer.id });
    await as(mod).moderation.ban({ streamId, userId: viewer.id });
    await target.until(() => restrictions().length === 3);
    expect(restrictions().map((event) => event.restriction)).toEqual([
      { kind: "TIMEOUT", expiresAt: timeout.expiresAt },
      null,
      { kind: "BAN", expiresAt: null },
    ]);

    // Nobody else hears about it.
    const marker = visible(await as(mod).chat.send({ streamId, body: "after the ban" }));
    await other.until(({ event }) => event.type === "chat.message" && event.message.id === marker.id);
    expect(other.events.map(({ event }) => event.type)).toEqual(["chat.history", "chat.message"]);
    target.stop();
    other.stop();
  });
});

describe("chat settings and shield mode", () => {
  it("updateSettings logs before and after of what changed; the same values again change nothing", async () => {
    const { mod, viewer, streamId } = await room();
    const settings = await as(mod).moderation.updateSettings({ streamId, slowModeSeconds: 10, emoteOnly: true, uniqueChat: false });
    expect(settings).toMatchObject({ slowModeSeconds: 10, emoteOnly: true, uniqueChat: false });
    expect(await failure(as(viewer).chat.send({ streamId, body: "words" }))).toEqual({
      code: "BAD_REQUEST",
      message: "Emote-only mode: send only emoji.",
    });

    const rows = await logRows({ streamId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "SETTINGS_UPDATE",
      actorId: mod.id,
      targetUserId: null,
      details: { before: { slowModeSeconds: 0, emoteOnly: false }, after: { slowModeSeconds: 10, emoteOnly: true } },
    });

    await as(mod).moderation.updateSettings({ streamId, slowModeSeconds: 10 });
    expect(await logRows({ streamId })).toHaveLength(1);
  });

  it("shield on applies strict settings together; off restores the previous settings; each logs one row", async () => {
    const { mod, owner, streamId } = await room();
    await as(owner).moderation.updateSettings({ streamId, slowModeSeconds: 5, followersOnlyMinutes: 10, profanityFilter: "MASK" });
    const previous = await settingsOf(streamId);

    const on = await as(mod).moderation.setShield({ streamId, enabled: true });
    expect(on).toEqual({
      ...previous,
      slowModeSeconds: 30,
      uniqueChat: true,
      registeredOnlyMinutes: 24 * 60,
      profanityFilter: "HOLD",
      shieldMode: true,
    });
    expect(await failure(as(mod).moderation.setShield({ streamId, enabled: true }))).toEqual({
      code: "CONFLICT",
      message: "Shield mode is already on.",
    });

    const off = await as(owner).moderation.setShield({ streamId, enabled: false });
    expect(off).toEqual(previous);
    expect(await settingsOf(streamId)).toEqual(previous);
    expect(await failure(as(mod).moderation.setShield({ streamId, enabled: false }))).toEqual({
      code: "CONFLICT",
      message: "Shield mode is already off.",
    });

    const rows = (await logRows({ streamId })).filter((row) => row.action.startsWith("SHIELD"));
    const { shieldMode: _shield, ...editable } = previous;
    expect(rows.map((row) => [row.action, row.actorId, row.details])).toEqual([
      [
        "SHIELD_ON",
        mod.id,
        {
          before: editable,
          after: { ...editable, slowModeSeconds: 30, uniqueChat: true, registeredOnlyMinutes: 1440, profanityFilter: "HOLD" },
        },
      ],
      [
        "SHIELD_OFF",
        owner.id,
        {
          before: { ...editable, slowModeSeconds: 30, uniqueChat: true, registeredOnlyMinutes: 1440, profanityFilter: "HOLD" },
          after: editable,
        },
      ],
    ]);
  });
});

describe("roles are checked as they are now", () => {
  it("a connection opened before a demotion loses the moderator's and the admin's rights at once", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const [globalMod, formerAdmin] = await Promise.all([createUser(env.db, { role: "MODERATOR" }), createUser(env.db, { role: "ADMIN" })]);
    const { viewer, streamId } = await room();
    // Like a WebSocket connection: the context (and its session user) is made once, before the demotion.
    const modConnection = as(globalMod);
    const adminConnection = as(formerAdmin);
    expect(await modConnection.moderation.access({ streamId })).toMatchObject({ role: "moderator" });
    expect((await adminConnection.admin.users({ query: viewer.username })).users.map((user) => user.id)).toEqual([viewer.id]);

    await as(admin).admin.setRole({ userId: globalMod.id, role: "VIEWER" });
    await as(admin).admin.setRole({ userId: formerAdmin.id, role: "MODERATOR" });

    expect(await failure(modConnection.moderation.ban({ streamId, userId: viewer.id }))).toEqual({
      code: "FORBIDDEN",
      message: "Only this stream's moderators can do this.",
    });
    expect(await failure(adminConnection.admin.ban({ userId: viewer.id }))).toEqual({
      code: "FORBIDDEN",
      message: "Only admins can do this.",
    });
    // The demoted admin is now a global moderator, and acts as one (not above other moderators).
    expect(await adminConnection.moderation.access({ streamId })).toMatchObject({ role: "moderator" });
    expect(await env.db.ban.count({ where: { userId: viewer.id } })).toBe(0);
    expect(await logRows({ streamId })).toEqual([]);
  });
});

describe("who moderators can act on", () => {
  it("a moderator cannot act on the owner, an admin or another moderator (FORBIDDEN), nor on themselves (BAD_REQUEST)", async () => {
    const { owner, mod, streamId } = await room();
    const [admin, globalMod, otherMod] = await Promise.all([
      createUser(env.db, { role: "ADMIN" }),
      createUser(env.db, { role: "MODERATOR" }),
      createUser(env.db),
    ]);
    await env.db.streamModerator.create({ data: { streamId, userId: otherMod.id } });
    const ownerMessage = visible(await as(owner).chat.send({ streamId, body: "welcome" }));
    const otherModMessage = visible(await as(otherMod).chat.send({ streamId, body: "hi chat" }));
    const api = as(mod).moderation;

    const cases: Array<[TestUser, string]> = [
      [owner, "You cannot act on the stream's owner."],
      [admin, "You cannot act on an admin."],
      [otherMod, "You cannot act on another moderator."],
      [globalMod, "You cannot act on another moderator."],
    ];
    for (const [target, message] of cases) {
      const userId = target.id;
      expect(await failure(api.timeout({ streamId, userId, durationSeconds: 60 }))).toEqual({ code: "FORBIDDEN", message });
      expect(await failure(api.ban({ streamId, userId }))).toEqual({ code: "FORBIDDEN", message });
      expect(await failure(api.purge({ streamId, userId }))).toEqual({ code: "FORBIDDEN", message });
    }
    expect(await failure(api.deleteMessage({ streamId, messageId: ownerMessage.id }))).toEqual({
      code: "FORBIDDEN",
      message: "You cannot act on the stream's owner.",
    });
    expect(await failure(api.deleteMessage({ streamId, messageId: otherModMessage.id }))).toEqual({
      code: "FORBIDDEN",
      message: "You cannot act on another moderator.",
    });
    for (const attempt of [
      api.timeout({ streamId, userId: mod.id, durationSeconds: 60 }),
      api.ban({ streamId, userId: mod.id }),
      api.purge({ streamId, userId: mod.id }),
    ]) {
      expect(await failure(attempt)).toEqual({ code: "BAD_REQUEST", message: "You cannot do this to yourself." });
    }

    expect(await env.db.ban.count({ where: { streamId } })).toBe(0);
    expect(await env.db.chatMessage.count({ where: { streamId, status: "VISIBLE" } })).toBe(2);
    expect(await logRows({ streamId })).toEqual([]);

    // The owner outranks appointed moderators; admins outrank owners.
    await as(owner).moderation.timeout({ streamId, userId: otherMod.id, durationSeconds: 60 });
    await as(admin).moderation.deleteMessage({ streamId, messageId: ownerMessage.id });
    expect((await logRows({ streamId })).map((row) => [row.action, row.actorId])).toEqual([
      ["USER_TIMEOUT", owner.id],
      ["MESSAGE_DELETE", admin.id],
    ]);
  });
});

describe("bad input changes nothing and writes no audit row", () => {
  it.each([
    [-5, "A timeout lasts at least 1 second."],
    [0, "A timeout lasts at least 1 second."],
    [1e9, "A timeout lasts at most 14 days; ban the user instead."],
    [1.5, "durationSeconds must be a whole number of seconds."],
    ["10", "durationSeconds must be a number of seconds."],
    [Number.NaN, "durationSeconds must be a finite number."],
  ])("timeout of %s seconds → BAD_REQUEST", async (durationSeconds, message) => {
    const { mod, viewer, streamId } = await room();
    expect(await failure(as(mod).moderation.timeout({ streamId, userId: viewer.id, durationSeconds: durationSeconds as number }))).toEqual({
      code: "BAD_REQUEST",
      message,
    });
    expect(await env.db.ban.count({ where: { userId: viewer.id } })).toBe(0);
    expect(await logRows({ streamId })).toEqual([]);
  });

  it("unknown users, messages, terms and streams → NOT_FOUND", async () => {
    const { mod, owner, streamId } = await room();
    const api = as(mod).moderation;
    const noUser = { code: "NOT_FOUND", message: "No user with that id." };
    expect(await failure(api.timeout({ streamId, userId: "no-such-user", durationSeconds: 60 }))).toEqual(noUser);
    expect(await failure(api.ban({ streamId, userId: "no-such-user" }))).toEqual(noUser);
    expect(await failure(api.purge({ streamId, userId: "no-such-user" }))).toEqual(noUser);
    expect(await failure(api.userCard({ streamId, userId: "no-such-user" }))).toEqual(noUser);
    const noMessage = { code: "NOT_FOUND", message: "No message with that id in this stream." };
    expect(await failure(api.deleteMessage({ streamId, messageId: "no-such-message" }))).toEqual(noMessage);
    expect(await failure(api.approve({ streamId, messageId: "no-such-message" }))).toEqual(noMessage);
    expect(await failure(api.deny({ streamId, messageId: "no-such-message" }))).toEqual(noMessage);
    expect(await failure(api.removeTerm({ streamId, termId: "no-such-term" }))).toEqual({
      code: "NOT_FOUND",
      message: "No term with that id in this stream.",
    });
    expect(await failure(as(owner).moderation.removeModerator({ streamId, userId: "no-such-user" }))).toEqual({
      code: "NOT_FOUND",
      message: "That user is not a moderator of this stream.",
    });
    expect(await failure(as(owner).moderation.addModerator({ streamId, username: "nobody_here_xyz" }))).toEqual({
      code: "NOT_FOUND",
      message: "No user @nobody_here_xyz.",
    });
    expect(await failure(api.ban({ streamId: "no-such-stream", userId: owner.id }))).toEqual({
      code: "NOT_FOUND",
      message: "Stream not found.",
    });
    const admin = await createUser(env.db, { role: "ADMIN" });
    expect(await failure(as(admin).admin.setRole({ userId: "no-such-user", role: "MODERATOR" }))).toEqual(noUser);
    expect(await failure(as(admin).admin.ban({ userId: "no-such-user" }))).toEqual(noUser);
    expect(await logRows({ streamId })).toEqual([]);
    expect(await logRows({ actorId: admin.id })).toEqual([]);
  });

  it("a message or term of stream B cannot be acted on through stream A (where the caller moderates)", async () => {
    const a = await room();
    const b = await room();
    await as(b.mod).moderation.addTerm({ streamId: b.streamId, term: "hold me", action: "HOLD" });
    const inB = visible(await as(b.viewer).chat.send({ streamId: b.streamId, body: "message in B" }));
    const heldInB = await as(b.viewer).chat.send({ streamId: b.streamId, body: "please hold me" });
    const termInB = (await as(b.mod).moderation.terms({ streamId: b.streamId }))[0]!;
    const api = as(a.mod).moderation;
    const noMessage = { code: "NOT_FOUND", message: "No message with that id in this stream." };

    expect(await failure(api.deleteMessage({ streamId: a.streamId, messageId: inB.id }))).toEqual(noMessage);
    expect(await failure(api.approve({ streamId: a.streamId, messageId: heldInB.message.id }))).toEqual(noMessage);
    expect(await failure(api.deny({ streamId: a.streamId, messageId: heldInB.message.id }))).toEqual(noMessage);
    expect(await failure(api.removeTerm({ streamId: a.streamId, termId: termInB.id }))).toEqual({
      code: "NOT_FOUND",
      message: "No term with that id in this stream.",
    });
    // And the moderator of A is no moderator of B.
    expect(await failure(as(a.mod).moderation.deleteMessage({ streamId: b.streamId, messageId: inB.id }))).toMatchObject({
      code: "FORBIDDEN",
    });

    expect((await env.db.chatMessage.findUniqueOrThrow({ where: { id: inB.id } })).status).toBe("VISIBLE");
    expect(await env.db.chatMessage.findUniqueOrThrow({ where: { id: heldInB.message.id } })).toMatchObject({ status: "HELD", seq: null });
    expect(await env.db.blockedTerm.count({ where: { id: termInB.id } })).toBe(1);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: b.streamId } })).lastMessageSeq).toBe(1);
    expect(await logRows({ streamId: a.streamId })).toEqual([]);
    expect((await logRows({ streamId: b.streamId })).map((row) => row.action)).toEqual(["TERM_ADD", "MESSAGE_HOLD"]);
  });

  it("purge windows and over-long reasons → BAD_REQUEST; nothing deleted", async () => {
    const { mod, viewer, streamId } = await room();
    const message = visible(await as(viewer).chat.send({ streamId, body: "still here" }));
    const api = as(mod).moderation;
    expect(await failure(api.purge({ streamId, userId: viewer.id, windowMinutes: 0 }))).toEqual({
      code: "BAD_REQUEST",
      message: "windowMinutes is at least 1.",
    });
    expect(await failure(api.purge({ streamId, userId: viewer.id, windowMinutes: 1e9 }))).toEqual({
      code: "BAD_REQUEST",
      message: "windowMinutes is at most 7 days.",
    });
    expect(await failure(api.ban({ streamId, userId: viewer.id, reason: "x".repeat(501) }))).toEqual({
      code: "BAD_REQUEST",
      message: "Reason is longer than 500 characters.",
    });
    expect((await env.db.chatMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("VISIBLE");
    expect(await env.db.ban.count({ where: { userId: viewer.id } })).toBe(0);
    expect(await logRows({ streamId })).toEqual([]);
  });

  it("approving on an ended stream → PRECONDITION_FAILED; the message stays held", async () => {
    const { owner, mod, viewer, streamId } = await room();
    await as(mod).moderation.addTerm({ streamId, term: "later", action: "HOLD" });
    const held = await as(viewer).chat.send({ streamId, body: "see you later" });
    await as(owner).stream.end({ streamId });
    expect(await failure(as(mod).moderation.approve({ streamId, messageId: held.message.id }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: "This stream has ended; its chat is closed.",
    });
    expect(await env.db.chatMessage.findUniqueOrThrow({ where: { id: held.message.id } })).toMatchObject({ status: "HELD", seq: null });
    expect((await logRows({ streamId })).map((row) => row.action)).toEqual(["TERM_ADD", "MESSAGE_HOLD"]);
  });

  it("admins cannot ban another admin globally, nor themselves", async () => {
    const [admin, otherAdmin] = await Promise.all([createUser(env.db, { role: "ADMIN" }), createUser(env.db, { role: "ADMIN" })]);
    expect(await failure(as(admin).admin.ban({ userId: otherAdmin.id }))).toEqual({
      code: "FORBIDDEN",
      message: "You cannot act on an admin.",
    });
    expect(await failure(as(admin).admin.ban({ userId: admin.id }))).toEqual({
      code: "BAD_REQUEST",
      message: "You cannot do this to yourself.",
    });
    expect(await env.db.ban.count({ where: { userId: { in: [admin.id, otherAdmin.id] } } })).toBe(0);
    expect(await logRows({ actorId: admin.id })).toEqual([]);
  });

  it("chat settings: slow mode 121, negative minutes and an empty change → BAD_REQUEST", async () => {
    const { mod, streamId } = await room();
    const before = await settingsOf(streamId);
    const api = as(mod).moderation;
    expect(await failure(api.updateSettings({ streamId, slowModeSeconds: 121 }))).toEqual({
      code: "BAD_REQUEST",
      message: "Slow mode is 0 (off) or 1–120 seconds.",
    });
    expect(await failure(api.updateSettings({ streamId, slowModeSeconds: -1 }))).toEqual({
      code: "BAD_REQUEST",
      message: "Slow mode is 0 (off) or 1–120 seconds.",
    });
    expect(await failure(api.updateSettings({ streamId, followersOnlyMinutes: -5 }))).toEqual({
      code: "BAD_REQUEST",
      message: "Use null to turn the mode off; minutes cannot be negative.",
    });
    expect(await failure(api.updateSettings({ streamId }))).toEqual({
      code: "BAD_REQUEST",
      message: "Nothing to change: give at least one setting.",
    });
    expect(await settingsOf(streamId)).toEqual(before);
    expect(await logRows({ streamId })).toEqual([]);
  });

  it.each([
    ["", "Term cannot be empty."],
    ["   ", "Term cannot be empty."],
    ["sc*am", "Use `*` only at the start or end of a term."],
    ["*", "Use `*` only at the start or end of a term."],
    ["x".repeat(101), "Term is longer than 100 characters."],
  ])("term %j → BAD_REQUEST", async (term, message) => {
    const { mod, streamId } = await room();
    expect(await failure(as(mod).moderation.addTerm({ streamId, term, action: "BLOCK" }))).toEqual({ code: "BAD_REQUEST", message });
    expect(await env.db.blockedTerm.count({ where: { streamId } })).toBe(0);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: streamId } })).termsVersion).toBe(0);
    expect(await logRows({ streamId })).toEqual([]);
  });

  it("a term already on the list → CONFLICT, the first one kept", async () => {
    const { mod, streamId } = await room();
    await as(mod).moderation.addTerm({ streamId, term: "scam", action: "BLOCK" });
    expect(await failure(as(mod).moderation.addTerm({ streamId, term: " SCAM ", action: "MASK" }))).toEqual({
      code: "CONFLICT",
      message: `"scam" is already on the list (block). Remove it first to change its action.`,
    });
    expect((await as(mod).moderation.terms({ streamId })).map((term) => [term.term, term.action])).toEqual([["scam", "BLOCK"]]);
    expect(await logRows({ streamId })).toHaveLength(1);
  });
});

describe("two moderators at once", () => {
  /** Runs the same action twice at the same time: exactly one succeeds, the other gets `code`. */
  async function once(code: string, attempt: () => Promise<unknown>) {
    const results = await Promise.allSettled([attempt(), attempt()]);
    const codes = results.map((result) =>
      result.status === "fulfilled" ? "ok" : result.reason instanceof TRPCError ? result.reason.code : String(result.reason),
    );
    expect(codes.sort()).toEqual([code, "ok"].sort());
  }

  it("ban and unban the same user: one succeeds, the other is refused, one audit row each", async () => {
    const { owner, mod, viewer, streamId } = await room();
    await once("CONFLICT", () => as(mod).moderation.ban({ streamId, userId: viewer.id }));
    expect(await env.db.ban.count({ where: { streamId, userId: viewer.id, revokedAt: null } })).toBe(1);
    await once("NOT_FOUND", () => as(owner).moderation.unban({ streamId, userId: viewer.id }));
    expect((await logRows({ streamId })).map((row) => row.action)).toEqual(["USER_BAN", "USER_UNBAN"]);
  });

  it("two timeouts at once leave one running timeout", async () => {
    const { owner, mod, viewer, streamId } = await room();
    await Promise.all([
      as(mod).moderation.timeout({ streamId, userId: viewer.id, durationSeconds: 60 }),
      as(owner).moderation.timeout({ streamId, userId: viewer.id, durationSeconds: 120 }),
    ]);
    expect(await as(mod).moderation.restrictions({ streamId })).toHaveLength(1);
  });

  it("global ban, role change, term and moderator: one succeeds, the other is a CONFLICT", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const { owner, mod, viewer, streamId } = await room();
    await once("CONFLICT", () => as(admin).admin.ban({ userId: viewer.id }));
    await once("CONFLICT", () => as(admin).admin.setRole({ userId: viewer.id, role: "MODERATOR" }));
    await once("CONFLICT", () => as(mod).moderation.addTerm({ streamId, term: "raid", action: "BLOCK" }));
    const term = (await as(mod).moderation.terms({ streamId }))[0]!;
    await once("NOT_FOUND", () => as(mod).moderation.removeTerm({ streamId, termId: term.id }));
    const newcomer = await createUser(env.db);
    await once("CONFLICT", () => as(owner).moderation.addModerator({ streamId, username: newcomer.username }));

    expect((await logRows({ targetUserId: viewer.id })).map((row) => row.action)).toEqual(["USER_BAN", "ROLE_CHANGE"]);
    expect((await logRows({ streamId })).map((row) => row.action)).toEqual(["TERM_ADD", "TERM_REMOVE", "MODERATOR_ADD"]);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: streamId } })).termsVersion).toBe(2);
  });
});

describe("the moderators' live feed", () => {
  it("ends with FORBIDDEN for a moderator the owner removes, who gets no further held messages", async () => {
    const { owner, mod, viewer, streamId } = await room();
    await as(owner).moderation.addTerm({ streamId, term: "secret", action: "HOLD" });
    const removedFeed = moderationFeed(mod, streamId);
    const ownerFeed = moderationFeed(owner, streamId);
    await Promise.all([
      removedFeed.until((event) => event.type === "moderation.queue"),
      ownerFeed.until((event) => event.type === "moderation.queue"),
    ]);

    await as(owner).moderation.removeModerator({ streamId, userId: mod.id });
    const ended = await removedFeed.done.then(
      () => null,
      (error: unknown) => error,
    );
    expect(ended).toBeInstanceOf(TRPCError);
    expect(ended).toMatchObject({ code: "FORBIDDEN", message: "You no longer moderate this stream." });

    const held = await as(viewer).chat.send({ streamId, body: "my secret plan" });
    await ownerFeed.until((event) => event.type === "moderation.held" && event.message.id === held.message.id);
    expect(removedFeed.events.some((event) => event.type === "moderation.held")).toBe(false);
    removedFeed.stop();
    ownerFeed.stop();
  });
});

describe("the user card", () => {
  it("shows a moderator the user's actions in this stream only, not other streams' audit entries", async () => {
    const a = await room();
    const b = await room();
    const viewer = await createUser(env.db);
    await as(a.mod).moderation.timeout({ streamId: a.streamId, userId: viewer.id, durationSeconds: 60, reason: "in A" });
    await as(b.mod).moderation.ban({ streamId: b.streamId, userId: viewer.id, reason: "private note of B's moderators" });

    const card = await as(a.mod).moderation.userCard({ streamId: a.streamId, userId: viewer.id });
    expect(card).toMatchObject({ user: { id: viewer.id }, roleInStream: "viewer" });
    expect(card.priorActions.map((entry) => [entry.streamId, entry.action, entry.reason])).toEqual([[a.streamId, "USER_TIMEOUT", "in A"]]);
    expect(card.restrictions.map((ban) => ban.kind)).toEqual(["TIMEOUT"]);
  });
});

describe("every action and its audit row commit together", () => {
  it("when the database refuses the audit row, the action changes nothing", async () => {
    const { owner, mod, viewer, streamId } = await room();
    const admin = await adminWhoseAuditFails();
    const banned = await createUser(env.db);
    const globallyBanned = await createUser(env.db);
    await as(owner).moderation.addTerm({ streamId, term: "holdme", action: "HOLD" });
    const message = visible(await as(viewer).chat.send({ streamId, body: "visible one" }));
    const held = await as(viewer).chat.send({ streamId, body: "holdme please" });
    await as(owner).moderation.ban({ streamId, userId: banned.id });
    await env.db.ban.create({ data: { kind: "BAN", streamId: null, userId: globallyBanned.id } });
    const term = (await as(owner).moderation.terms({ streamId }))[0]!;

    const snapshot = async () => ({
      stream: await env.db.liveStream.findUniqueOrThrow({ where: { id: streamId }, omit: { updatedAt: true } }),
      messages: await env.db.chatMessage.findMany({ where: { streamId }, orderBy: { id: "asc" } }),
      bans: await env.db.ban.findMany({ orderBy: { id: "asc" }, where: { userId: { in: [viewer.id, banned.id, globallyBanned.id] } } }),
      terms: await env.db.blockedTerm.findMany({ where: { streamId }, orderBy: { id: "asc" } }),
      moderators: await env.db.streamModerator.findMany({ where: { streamId }, orderBy: { userId: "asc" } }),
      roles: await env.db.user.findMany({
        where: { id: { in: [viewer.id, mod.id] } },
        select: { id: true, role: true },
        orderBy: { id: "asc" },
      }),
      log: await env.db.moderationLog.count(),
    });
    const before = await snapshot();
    const api = as(admin);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["deleteMessage", () => api.moderation.deleteMessage({ streamId, messageId: message.id })],
      ["approve", () => api.moderation.approve({ streamId, messageId: held.message.id })],
      ["deny", () => api.moderation.deny({ streamId, messageId: held.message.id })],
      ["timeout", () => api.moderation.timeout({ streamId, userId: viewer.id, durationSeconds: 60 })],
      ["ban", () => api.moderation.ban({ streamId, userId: viewer.id })],
      ["unban", () => api.moderation.unban({ streamId, userId: banned.id })],
      ["purge", () => api.moderation.purge({ streamId, userId: viewer.id })],
      ["updateSettings", () => api.moderation.updateSettings({ streamId, slowModeSeconds: 60 })],
      ["setShield", () => api.moderation.setShield({ streamId, enabled: true })],
      ["addTerm", () => api.moderation.addTerm({ streamId, term: "another", action: "BLOCK" })],
      ["removeTerm", () => api.moderation.removeTerm({ streamId, termId: term.id })],
      ["addModerator", () => api.moderation.addModerator({ streamId, username: viewer.username })],
      ["removeModerator", () => api.moderation.removeModerator({ streamId, userId: mod.id })],
      ["admin.setRole", () => api.admin.setRole({ userId: viewer.id, role: "MODERATOR" })],
      ["admin.ban", () => api.admin.ban({ userId: viewer.id })],
      ["admin.unban", () => api.admin.unban({ userId: globallyBanned.id })],
    ];
    for (const [name, attempt] of attempts) {
      expect((await failure(attempt())).code, name).toBe("INTERNAL_SERVER_ERROR");
      expect(await snapshot(), `${name} left a change without its audit row`).toEqual(before);
    }
  });
});

describe("the audit log", () => {
  it("moderation.log filters by action, actor, target, automatic and time, and pages newest first", async () => {
    const { owner, mod, streamId } = await room();
    const [alice, bob] = await Promise.all([createUser(env.db), createUser(env.db)]);
    const other = await room();
    await as(other.mod).moderation.ban({ streamId: other.streamId, userId: alice.id }); // another stream's entry

    await as(mod).moderation.addTerm({ streamId, term: "hold this", action: "HOLD" }); // TERM_ADD by mod
    await as(alice).chat.send({ streamId, body: "please hold this" }); // MESSAGE_HOLD, automatic
    await sleep(30);
    const t1 = new Date();
    await sleep(30);
    await as(mod).moderation.ban({ streamId, userId: alice.id, reason: "spam" }); // USER_BAN by mod
    await as(owner).moderation.timeout({ streamId, userId: bob.id, durationSeconds: 60 }); // USER_TIMEOUT by owner
    await sleep(30);
    const t2 = new Date();
    await sleep(30);
    await as(owner).moderation.updateSettings({ streamId, emoteOnly: true }); // SETTINGS_UPDATE by owner

    const log = (filter: Omit<Parameters<ReturnType<typeof as>["moderation"]["log"]>[0], "streamId"> = {}) =>
      as(mod)
        .moderation.log({ streamId, ...filter })
        .then((page) => page.entries.map((entry) => entry.action));

    expect(await log()).toEqual(["SETTINGS_UPDATE", "USER_TIMEOUT", "USER_BAN", "MESSAGE_HOLD", "TERM_ADD"]);
    expect(await log({ actions: ["USER_BAN", "USER_TIMEOUT"] })).toEqual(["USER_TIMEOUT", "USER_BAN"]);
    expect(await log({ automatic: true })).toEqual(["MESSAGE_HOLD"]);
    expect(await log({ automatic: false })).toEqual(["SETTINGS_UPDATE", "USER_TIMEOUT", "USER_BAN", "TERM_ADD"]);
    expect(await log({ actorId: mod.id })).toEqual(["USER_BAN", "TERM_ADD"]);
    // Filters combine: one person's actions are never automatic ones.
    expect(await log({ actorId: mod.id, automatic: false })).toEqual(["USER_BAN", "TERM_ADD"]);
    expect(await log({ actorId: mod.id, automatic: true })).toEqual([]);
    expect(await log({ targetUserId: alice.id })).toEqual(["USER_BAN", "MESSAGE_HOLD"]);
    expect(await log({ targetUserId: alice.id, actions: ["USER_BAN"], actorId: owner.id })).toEqual([]);
    expect(await log({ from: t1 })).toEqual(["SETTINGS_UPDATE", "USER_TIMEOUT", "USER_BAN"]);
    expect(await log({ to: t1 })).toEqual(["MESSAGE_HOLD", "TERM_ADD"]);
    expect(await log({ from: t1, to: t2 })).toEqual(["USER_TIMEOUT", "USER_BAN"]);

    const ban = (await as(mod).moderation.log({ streamId, actions: ["USER_BAN"] })).entries[0]!;
    expect(ban).toMatchObject({
      streamId,
      action: "USER_BAN",
      reason: "spam",
      targetMessageId: null,
      details: { scope: "stream" },
      actor: { id: mod.id, username: mod.username },
      targetUser: { id: alice.id, username: alice.username },
    });

    // Paging: two at a time, every entry once, newest first.
    const all = (await as(mod).moderation.log({ streamId })).entries.map((entry) => entry.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { entries: Array<{ id: string }>; nextCursor: string | null } = await as(mod).moderation.log({
        streamId,
        limit: 2,
        cursor,
      });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      paged.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(paged).toEqual(all);

    expect(await failure(as(mod).moderation.log({ streamId, limit: 101 }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("admin.log includes every stream's entries and the global ones; moderation.log only its stream's", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const { mod, viewer, streamId } = await room();
    const other = await room();
    await as(mod).moderation.ban({ streamId, userId: viewer.id });
    await as(other.mod).moderation.ban({ streamId: other.streamId, userId: viewer.id });
    await as(admin).admin.ban({ userId: viewer.id, reason: "everywhere" });
    await as(admin).admin.setRole({ userId: viewer.id, role: "MODERATOR" });

    const everything = await as(admin).admin.log({ targetUserId: viewer.id });
    expect(everything.entries.map((entry) => [entry.streamId, entry.action])).toEqual([
      [null, "ROLE_CHANGE"],
      [null, "USER_BAN"],
      [other.streamId, "USER_BAN"],
      [streamId, "USER_BAN"],
    ]);
    expect((await as(admin).admin.log({ streamId, targetUserId: viewer.id })).entries.map((entry) => entry.streamId)).toEqual([streamId]);
    expect((await as(mod).moderation.log({ streamId, targetUserId: viewer.id })).entries.map((entry) => entry.streamId)).toEqual([
      streamId,
    ]);
  });

  it("refuses UPDATE and DELETE of its rows; deleting a referenced user clears the reference and keeps the row", async () => {
    const { mod, viewer, streamId } = await room();
    const message = visible(await as(viewer).chat.send({ streamId, body: "bye" }));
    await as(mod).moderation.deleteMessage({ streamId, messageId: message.id, reason: "rude" });
    const [row] = await logRows({ streamId });
    expect(row).toBeDefined();

    await expect(env.db.$executeRawUnsafe(`UPDATE moderation_logs SET reason = 'edited' WHERE id = $1`, row!.id)).rejects.toThrow(
      /append-only/,
    );
    await expect(env.db.$executeRawUnsafe(`UPDATE moderation_logs SET "actorId" = $2 WHERE id = $1`, row!.id, viewer.id)).rejects.toThrow(
      /append-only/,
    );
    await expect(env.db.$executeRawUnsafe(`DELETE FROM moderation_logs WHERE id = $1`, row!.id)).rejects.toThrow(/append-only/);
    expect(await env.db.moderationLog.findUniqueOrThrow({ where: { id: row!.id } })).toEqual(row);

    // Deleting the moderator (actor) and the viewer (target; their message goes with them) keeps the entry.
    await env.db.user.delete({ where: { id: mod.id } });
    await env.db.user.delete({ where: { id: viewer.id } });
    expect(await env.db.moderationLog.findUniqueOrThrow({ where: { id: row!.id } })).toEqual({
      ...row,
      actorId: null,
      targetUserId: null,
      targetMessageId: null,
    });
  });
});

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with "" for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === "") {
      quoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 1;
    } else {
      field += char;
    }
  }
  if (field !== "" || record.length > 0) throw new Error("CSV does not end with CRLF");
  return records;
}

describe("exportModerationLog", () => {
  const reasons = [
    '=HYPERLINK("http://evil.example","click")',
    "+1 for spam",
    "-2 strikes",
    "@SUM(A1:A2)",
    'said "hi", then left\r\nand came back',
    "plain",
  ];

  async function streamWithTrickyReasons() {
    const { mod, streamId } = await room();
    const targets = await Promise.all(reasons.map(() => createUser(env.db)));
    for (const [i, target] of targets.entries()) {
      await as(mod).moderation.ban({ streamId, userId: target.id, reason: reasons[i] });
    }
    return { mod, streamId };
  }

  it("CSV: a header, one row per entry oldest first, RFC 4180 quoting, formulas neutralised", async () => {
    const { mod, streamId } = await streamWithTrickyReasons();
    const exported = exportModerationLog(env.db, streamId, new URLSearchParams({ format: "csv" }));
    expect(exported.contentType).toBe("text/csv; charset=utf-8");
    expect(exported.filename).toBe(`moderation-log-${streamId}.csv`);
    const text = await new Response(exported.body).text();
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const entries = (await as(mod).moderation.log({ streamId })).entries.reverse();
    expect(rows).toHaveLength(reasons.length);
    expect(rows.map((row) => row[0])).toEqual(entries.map((entry) => entry.id));
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows.map((row) => row[column("reason")])).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      "'+1 for spam",
      "'-2 strikes",
      "'@SUM(A1:A2)",
      'said "hi", then left\r\nand came back',
      "plain",
    ]);
    for (const row of rows) {
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[column("action")]).toBe("USER_BAN");
      expect(row[column("actor")]).toBe(mod.username);
      expect(JSON.parse(row[column("details")]!)).toEqual({ scope: "stream" });
    }
    // No cell a spreadsheet would evaluate.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("JSON parses to the entries, oldest first; filters apply", async () => {
    const { mod, streamId } = await streamWithTrickyReasons();
    await as(mod).moderation.updateSettings({ streamId, slowModeSeconds: 5 });
    const exported = exportModerationLog(env.db, streamId, new URLSearchParams({ format: "json" }));
    expect(exported.contentType).toBe("application/json; charset=utf-8");
    const parsed = JSON.parse(await new Response(exported.body).text()) as Array<Record<string, unknown>>;
    const entries = (await as(mod).moderation.log({ streamId })).entries.reverse();
    expect(parsed).toEqual(JSON.parse(JSON.stringify(entries)));
    expect(parsed.map((entry) => entry.reason)).toEqual([...reasons, null]);

    const params = new URLSearchParams({ format: "json", action: "SETTINGS_UPDATE" });
    const filtered = JSON.parse(await new Response(exportModerationLog(env.db, streamId, params).body).text()) as Array<{ action: string }>;
    expect(filtered.map((entry) => entry.action)).toEqual(["SETTINGS_UPDATE"]);
    const empty = await new Response(exportModerationLog(env.db, "no-such-stream", new URLSearchParams({ format: "json" })).body).text();
    expect(JSON.parse(empty)).toEqual([]);
  });

  it.each([
    [{ format: "xlsx" }, "format must be csv or json."],
    [{ format: "csv", action: "DROP_TABLE" }, "action must be a moderation action such as USER_BAN."],
    [{ format: "csv", from: "yesterday" }, "from must be a date (ISO 8601)."],
  ])("bad parameters %j → BAD_REQUEST", (params, message) => {
    let thrown: unknown = null;
    try {
      exportModerationLog(env.db, "any-stream", new URLSearchParams(params));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: "BAD_REQUEST", message });
  });
});
