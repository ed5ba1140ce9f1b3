import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createUser, visible } from "./fixtures";
import { as, env, failure, logRows, room, settingsOf, useModerationEnv } from "./moderation-fixtures";

// Bad input and concurrent moderators: refused calls change nothing and write no audit row.
// Real PostgreSQL (migrated per run) and the real PostgreSQL LISTEN/NOTIFY bus; nothing mocked.
useModerationEnv();

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
