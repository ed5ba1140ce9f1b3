import { describe, expect, it } from "vitest";
import type { TRPCError } from "@trpc/server";
import { createUser, visible } from "./fixtures";
import { as, chatFeed, env, failure, logRows, moderationFeed, room, useModerationEnv } from "./moderation-fixtures";

// Deleting messages and holding them for review.
// Real PostgreSQL (migrated per run) and the real PostgreSQL LISTEN/NOTIFY bus; nothing mocked.
useModerationEnv();

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
