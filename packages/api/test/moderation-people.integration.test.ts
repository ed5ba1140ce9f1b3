import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createUser, visible } from "./fixtures";
import { as, chatFeed, env, failure, logRows, moderationFeed, room, useModerationEnv, type TestUser } from "./moderation-fixtures";

// Actions on people (timeouts, bans, purges, roles, stream moderators), who may act on whom, the moderators' live feed and the user card.
// Real PostgreSQL (migrated per run) and the real PostgreSQL LISTEN/NOTIFY bus; nothing mocked.
useModerationEnv();

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
