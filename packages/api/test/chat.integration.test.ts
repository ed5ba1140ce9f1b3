import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MESSAGE_MAX_LENGTH } from "../src/services/chat/schemas";
import { callerFor, createStream, createUser, openTestEnv, visible, type TestEnv } from "./fixtures";

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

async function expectTRPCError(promise: Promise<unknown>, code: TRPCError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}

describe("chat.send", () => {
  it("stores the message with the next sequence number and returns it with its author", async () => {
    const owner = await createUser(env.db);
    const viewer = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, viewer);

    const first = visible(await api.chat.send({ streamId: stream.id, body: "  hello world  " }));
    const second = visible(await api.chat.send({ streamId: stream.id, body: "second" }));

    expect(first.body).toBe("hello world");
    expect(first.seq).toBe(1);
    expect(second.seq).toBe(2);
    expect(first.author).toMatchObject({ id: viewer.id, username: viewer.username, role: "VIEWER" });
    const stored = await env.db.chatMessage.findMany({ where: { streamId: stream.id }, orderBy: { seq: "asc" } });
    expect(stored.map((m) => [m.seq, m.body])).toEqual([
      [1, "hello world"],
      [2, "second"],
    ]);
  });

  it("gives 50 concurrent sends to one stream the gap-free sequence 1..50", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const senders = await Promise.all(Array.from({ length: 5 }, () => createUser(env.db)));

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => callerFor(env, senders[i % 5]!).chat.send({ streamId: stream.id, body: `message ${i}` })),
    );

    const seqs = results.map((result) => visible(result).seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await env.db.chatMessage.findMany({ where: { streamId: stream.id }, orderBy: { seq: "asc" }, select: { seq: true } });
    expect(stored.map((m) => m.seq)).toEqual(seqs);
    const { lastMessageSeq } = await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(lastMessageSeq).toBe(50);
  });

  it("refuses anonymous senders with UNAUTHORIZED and stores nothing", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    await expectTRPCError(callerFor(env, null).chat.send({ streamId: stream.id, body: "hi" }), "UNAUTHORIZED");
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(0);
  });

  it.each([
    ["empty", ""],
    ["whitespace-only", "   \n\t  "],
    ["over the length limit", "x".repeat(MESSAGE_MAX_LENGTH + 1)],
  ])("rejects a %s body with BAD_REQUEST and writes nothing", async (_label, body) => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const error = await expectTRPCError(callerFor(env, owner).chat.send({ streamId: stream.id, body }), "BAD_REQUEST");
    expect(error.message).toMatch(/empty|longer than 500/);
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(0);
    const { lastMessageSeq } = await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(lastMessageSeq).toBe(0);
  });

  it("accepts a body of exactly the length limit", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const message = visible(await callerFor(env, owner).chat.send({ streamId: stream.id, body: "y".repeat(MESSAGE_MAX_LENGTH) }));
    expect(message.body).toHaveLength(MESSAGE_MAX_LENGTH);
  });

  it("rejects an unknown stream with NOT_FOUND", async () => {
    const user = await createUser(env.db);
    const before = await env.db.chatMessage.count();
    const error = await expectTRPCError(callerFor(env, user).chat.send({ streamId: "no-such-stream", body: "hi" }), "NOT_FOUND");
    expect(error.message).toBe("Stream not found.");
    expect(await env.db.chatMessage.count()).toBe(before);
  });

  it("rejects an ended stream with PRECONDITION_FAILED and writes nothing", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id, "ENDED");
    const error = await expectTRPCError(callerFor(env, owner).chat.send({ streamId: stream.id, body: "hi" }), "PRECONDITION_FAILED");
    expect(error.message).toMatch(/ended/);
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(0);
  });

  it("rejects a viewer's message to a stream with chat turned off with PRECONDITION_FAILED", async () => {
    const owner = await createUser(env.db);
    const viewer = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    await env.db.liveStream.update({ where: { id: stream.id }, data: { chatEnabled: false } });
    await expectTRPCError(callerFor(env, viewer).chat.send({ streamId: stream.id, body: "hi" }), "PRECONDITION_FAILED");
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(0);
  });

  it("records replies and mentions of existing users", async () => {
    const owner = await createUser(env.db);
    const friend = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, owner);
    const parent = visible(await api.chat.send({ streamId: stream.id, body: "question?" }));
    const reply = visible(
      await api.chat.send({ streamId: stream.id, body: `@${friend.username} and @nobody_here look`, replyToId: parent.id }),
    );
    expect(reply.replyToId).toBe(parent.id);
    const stored = await env.db.chatMessage.findUniqueOrThrow({ where: { id: reply.id } });
    expect(stored.mentionedUserIds).toEqual([friend.id]);

    await expectTRPCError(api.chat.send({ streamId: stream.id, body: "x", replyToId: "missing" }), "NOT_FOUND");
  });
});

describe("chat.history", () => {
  it("pages backwards from the newest messages, oldest first within a page", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, owner);
    for (let i = 1; i <= 25; i++) await api.chat.send({ streamId: stream.id, body: `m${i}` });

    const anonymous = callerFor(env, null);
    const page1 = await anonymous.chat.history({ streamId: stream.id, limit: 10 });
    expect(page1.messages.map((m) => m.body)).toEqual(Array.from({ length: 10 }, (_, i) => `m${16 + i}`));
    expect(page1.nextCursor).toBe(16);

    const page2 = await anonymous.chat.history({ streamId: stream.id, limit: 10, cursor: page1.nextCursor });
    expect(page2.messages.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 6 + i));
    expect(page2.nextCursor).toBe(6);

    const page3 = await anonymous.chat.history({ streamId: stream.id, limit: 10, cursor: page2.nextCursor });
    expect(page3.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(page3.nextCursor).toBeNull();
  });

  it("leaves out held and deleted messages", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, owner);
    const a = visible(await api.chat.send({ streamId: stream.id, body: "a" }));
    const b = visible(await api.chat.send({ streamId: stream.id, body: "b" }));
    await api.chat.send({ streamId: stream.id, body: "c" });
    await env.db.chatMessage.update({ where: { id: a.id }, data: { status: "DELETED" } });
    await env.db.chatMessage.update({ where: { id: b.id }, data: { status: "HELD" } });
    const page = await api.chat.history({ streamId: stream.id });
    expect(page.messages.map((m) => m.body)).toEqual(["c"]);
  });

  it("rejects an unknown stream and bad page sizes", async () => {
    const api = callerFor(env, null);
    await expectTRPCError(api.chat.history({ streamId: "nope" }), "NOT_FOUND");
    await expectTRPCError(api.chat.history({ streamId: "nope", limit: 0 }), "BAD_REQUEST");
    await expectTRPCError(api.chat.history({ streamId: "nope", limit: 1000 }), "BAD_REQUEST");
  });
});
