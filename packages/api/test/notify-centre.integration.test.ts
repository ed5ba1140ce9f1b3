import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { NotificationEvent } from "../src/events/types";
import type { JobQueue } from "../src/jobs";
import { describeZodError } from "../src/trpc-errors";
import { codeOf, createStream, createUser, openTestEnv, visible, type TestEnv } from "./fixtures";
import { jobQueueFixture } from "./jobs-fixtures";
import { notifyCaller } from "./notify-fixtures";
import { consume } from "./subscribe";

let env: TestEnv;
const queues = jobQueueFixture();
let jobs: JobQueue;

beforeAll(async () => {
  // Events travel through Redis, as between the web app and the WebSocket servers.
  env = openTestEnv({ redis: true });
  jobs = await queues.start();
});
afterAll(async () => {
  await queues.dispose(env.db);
  await env.close();
});

type User = Awaited<ReturnType<typeof createUser>>;
const as = (user: User) => notifyCaller(env, user, { jobs });

/** `count` mentions of `user` by someone else, oldest first. */
async function mention(user: User, count: number) {
  const author = await createUser(env.db);
  const stream = await createStream(env.db, (await createUser(env.db)).id);
  const messages = [];
  for (let i = 1; i <= count; i += 1) {
    messages.push(visible(await as(author).chat.send({ streamId: stream.id, body: `@${user.username} number ${i}` })));
  }
  return { author, stream, messages };
}

describe("the notification centre", () => {
  it("lists newest first a page at a time, with the unread count; unreadOnly leaves out what was read", async () => {
    const user = await createUser(env.db);
    await mention(user, 5);
    const first = await as(user).notifications.list({ limit: 2 });
    expect(first.items.map((item) => item.text.slice(-8))).toEqual(["number 5", "number 4"]);
    expect(first.unread).toBe(5);
    const second = await as(user).notifications.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((item) => item.text.slice(-8))).toEqual(["number 3", "number 2"]);
    const last = await as(user).notifications.list({ limit: 2, cursor: second.nextCursor });
    expect(last.items.map((item) => item.text.slice(-8))).toEqual(["number 1"]);
    expect(last.nextCursor).toBeNull();

    expect(await as(user).notifications.markRead({ ids: [first.items[0]!.id, second.items[1]!.id] })).toEqual({ unread: 3 });
    const unread = await as(user).notifications.list({ unreadOnly: true });
    expect(unread.items.map((item) => item.text.slice(-8))).toEqual(["number 4", "number 3", "number 1"]);
    expect(unread.items.every((item) => item.readAt === null)).toBe(true);
    expect(await as(user).notifications.unreadCount()).toEqual({ unread: 3 });
    expect(await as(user).notifications.markAllRead()).toEqual({ unread: 0 });
    expect((await as(user).notifications.list({ unreadOnly: true })).items).toEqual([]);
  });

  it("never reads or marks someone else's notifications", async () => {
    const [owner, other] = [await createUser(env.db), await createUser(env.db)];
    await mention(owner, 1);
    const [theirs] = (await as(owner).notifications.list({})).items;
    expect((await as(other).notifications.list({})).items).toEqual([]);
    // Their id as another user's cursor reads nothing of theirs either.
    expect((await as(other).notifications.list({ cursor: theirs!.id })).items).toEqual([]);
    expect(await as(other).notifications.markRead({ ids: [theirs!.id] })).toEqual({ unread: 0 });
    expect(await as(owner).notifications.unreadCount()).toEqual({ unread: 1 });
  });

  it("delivers live: the unread count first, each new notification, and reads made on another device", async () => {
    const [user, stranger] = [await createUser(env.db), await createUser(env.db)];
    await mention(user, 1);
    const abort = new AbortController();
    const feed = consume<NotificationEvent>(await notifyCaller(env, user, { jobs, signal: abort.signal }).notifications.onEvents());
    const strangersAbort = new AbortController();
    const strangers = consume<NotificationEvent>(
      await notifyCaller(env, stranger, { jobs, signal: strangersAbort.signal }).notifications.onEvents(),
    );
    try {
      expect(await feed.until(() => true)).toEqual({ type: "notifications.unread", streamId: `user:${user.id}`, unread: 1 });
      await strangers.until((event) => event.type === "notifications.unread");

      const { author, stream, messages } = await mention(user, 1);
      const arrived = await feed.until((event) => event.type === "notifications.new");
      expect(arrived).toMatchObject({
        type: "notifications.new",
        unread: 2,
        notification: {
          kind: "MENTION",
          actor: { id: author.id },
          stream: { id: stream.id, slug: stream.slug },
          text: `${author.username} mentioned you in “Test stream”: @${user.username} number 1`,
          href: `/s/${stream.slug}?m=${messages[0]!.id}`,
          readAt: null,
        },
      });

      // "Another device": a separate caller of the same user.
      const id = (arrived as Extract<NotificationEvent, { type: "notifications.new" }>).notification.id;
      await as(user).notifications.markRead({ ids: [id] });
      expect(await feed.until((event) => event.type === "notifications.read")).toEqual({
        type: "notifications.read",
        streamId: `user:${user.id}`,
        ids: [id],
        unread: 1,
      });
      await as(user).notifications.markAllRead();
      expect(await feed.until((event) => event.type === "notifications.read" && event.ids === "all")).toMatchObject({ unread: 0 });

      // Marking nothing new read publishes nothing; the stranger heard none of it.
      await as(user).notifications.markAllRead();
      await mention(stranger, 1);
      await strangers.until((event) => event.type === "notifications.new");
      expect(feed.events.map((event) => event.type)).toEqual([
        "notifications.unread",
        "notifications.new",
        "notifications.read",
        "notifications.read",
      ]);
      expect(strangers.events.map((event) => event.type)).toEqual(["notifications.unread", "notifications.new"]);
    } finally {
      abort.abort();
      strangersAbort.abort();
    }
  });
});

describe("preferences", () => {
  it("lists every kind, both on until changed; a change keeps the other channel", async () => {
    const user = await createUser(env.db);
    const all = await as(user).notifications.preferences();
    expect(all).toEqual(
      ["MENTION", "REPLY", "STREAM_LIVE", "STREAM_REMINDER", "STREAM_SCHEDULED", "ORDER_STATUS", "MODERATION"].map((kind) => ({
        kind,
        inApp: true,
        push: true,
      })),
    );
    await as(user).notifications.setPreference({ kind: "ORDER_STATUS", push: false });
    const changed = await as(user).notifications.setPreference({ kind: "ORDER_STATUS", inApp: false });
    expect(changed.find((preference) => preference.kind === "ORDER_STATUS")).toEqual({ kind: "ORDER_STATUS", inApp: false, push: false });
    expect(await codeOf(as(user).notifications.setPreference({ kind: "REPLY" }))).toBe("BAD_REQUEST");
  });
});

describe("reminders", () => {
  it("remind me on a scheduled stream, and off again; live, ended and unknown streams refuse", async () => {
    const user = await createUser(env.db);
    const owner = await createUser(env.db);
    const [scheduled, other] = [await createStream(env.db, owner.id, "SCHEDULED"), await createStream(env.db, owner.id, "SCHEDULED")];
    expect(await as(user).notifications.setReminder({ streamId: scheduled.id, on: true })).toEqual({ reminding: true });
    expect(await as(user).notifications.setReminder({ streamId: scheduled.id, on: true })).toEqual({ reminding: true });
    expect(await as(user).notifications.reminders({ streamIds: [scheduled.id, other.id, "no-such-stream"] })).toEqual({
      streamIds: [scheduled.id],
    });
    expect(await as(owner).notifications.reminders({ streamIds: [scheduled.id] })).toEqual({ streamIds: [] });
    expect(await as(user).notifications.setReminder({ streamId: scheduled.id, on: false })).toEqual({ reminding: false });
    expect(await as(user).notifications.reminders({ streamIds: [scheduled.id] })).toEqual({ streamIds: [] });

    const live = await createStream(env.db, owner.id, "LIVE");
    const ended = await createStream(env.db, owner.id, "ENDED");
    expect(await codeOf(as(user).notifications.setReminder({ streamId: live.id, on: true }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(as(user).notifications.setReminder({ streamId: ended.id, on: true }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(as(user).notifications.setReminder({ streamId: "no-such-stream", on: true }))).toBe("NOT_FOUND");
    expect(await env.db.streamReminder.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("bad input", () => {
  it("refuses out-of-range pages and id lists with the field named", async () => {
    const user = await createUser(env.db);
    // As clients read it (the error formatter's sentence), and nothing stored.
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: TRPCError) => (error.cause instanceof ZodError ? describeZodError(error.cause) : error.message),
      );
    expect(await refusal(as(user).notifications.list({ limit: 51 }))).toBe("limit: At most 50 notifications a page.");
    expect(await refusal(as(user).notifications.markRead({ ids: [] }))).toBe("ids: Give at least one notification id.");
    expect(await refusal(as(user).notifications.markRead({ ids: Array.from({ length: 101 }, (_, i) => `n${i}`) }))).toBe(
      "ids: At most 100 notifications at once.",
    );
    expect(await refusal(as(user).notifications.reminders({ streamIds: Array.from({ length: 51 }, (_, i) => `s${i}`) }))).toBe(
      "streamIds: At most 50 streams at once.",
    );
    expect(await refusal(as(user).notifications.setPreference({ kind: "NOPE" as "MENTION", inApp: true }))).toBe(
      "kind: kind must be one of MENTION, REPLY, STREAM_LIVE, STREAM_REMINDER, STREAM_SCHEDULED, ORDER_STATUS, MODERATION.",
    );
    expect(await refusal(as(user).notifications.setReminder({ streamId: "", on: true }))).toBe("streamId: streamId is required");
    expect(await env.db.notificationPreference.count({ where: { userId: user.id } })).toBe(0);
  });
});
