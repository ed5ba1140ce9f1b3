import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobQueue } from "../src/jobs";
import { fanOutStream, FAN_OUT_BATCH, startNotificationWorker } from "../src/services/notifications/producers";
import { createStream, createUser, openTestEnv, unique, visible, type TestEnv } from "./fixtures";
import { jobQueueFixture } from "./jobs-fixtures";
import { eventually, notificationsOf, notifyCaller, pushSettings } from "./notify-fixtures";
import { ADDRESS, addToShelf, createProduct, requestId } from "./shop-checkout-fixtures";

let env: TestEnv;
const queues = jobQueueFixture();
let jobs: JobQueue;

beforeAll(async () => {
  env = openTestEnv();
  jobs = await queues.start();
});
afterAll(async () => {
  await queues.dispose(env.db);
  await env.close();
});

type User = Awaited<ReturnType<typeof createUser>>;
const as = (user: User) => notifyCaller(env, user, { jobs });

async function follow(followerIds: string[], channelId: string) {
  await env.db.follow.createMany({ data: followerIds.map((followerId) => ({ followerId, channelId })) });
}

describe("mentions and replies in chat", () => {
  it("mention the people named (not the author), reply to the author answered; a resent message notifies nobody twice", async () => {
    const [author, bea, cal] = [await createUser(env.db), await createUser(env.db), await createUser(env.db)];
    const stream = await createStream(env.db, (await createUser(env.db)).id);
    const send = {
      streamId: stream.id,
      body: `hi @${bea.username} and @${cal.username}, says @${author.username}`,
      requestId: requestId(),
    };
    const sent = visible(await as(author).chat.send(send));
    // The client retries the same send (its answer was lost): the stored message, nobody notified again.
    expect(visible(await as(author).chat.send(send)).id).toBe(sent.id);

    const [toBea] = await notificationsOf(env.db, bea.id);
    expect(await notificationsOf(env.db, cal.id)).toHaveLength(1);
    expect(await notificationsOf(env.db, author.id)).toEqual([]);
    expect(toBea).toMatchObject({ kind: "MENTION", actorId: author.id, streamId: stream.id, readAt: null });

    const { items } = await as(bea).notifications.list({});
    expect(items).toHaveLength(1);
    expect(items[0]!.text).toBe(`${author.username} mentioned you in “Test stream”: ${sent.body}`);
    expect(items[0]!.href).toBe(`/s/${stream.slug}?m=${sent.id}`);
    expect(items[0]!.data).toEqual({ kind: "MENTION", messageId: sent.id, excerpt: sent.body });

    // Cal replies to the author and mentions Bea again: a REPLY for the author, a second MENTION for Bea.
    const reply = visible(await as(cal).chat.send({ streamId: stream.id, body: `@${bea.username} look`, replyToId: sent.id }));
    const toAuthor = await notificationsOf(env.db, author.id);
    expect(toAuthor.map((row) => [row.kind, row.actorId])).toEqual([["REPLY", cal.id]]);
    expect((await as(author).notifications.list({})).items[0]!.href).toBe(`/s/${stream.slug}?m=${reply.id}`);
    expect((await notificationsOf(env.db, bea.id)).map((row) => row.kind)).toEqual(["MENTION", "MENTION"]);
  });

  it("a reply that also mentions the author it answers gives them one notification, the REPLY", async () => {
    const [author, other] = [await createUser(env.db), await createUser(env.db)];
    const stream = await createStream(env.db, (await createUser(env.db)).id);
    const first = visible(await as(author).chat.send({ streamId: stream.id, body: "first" }));
    await as(other).chat.send({ streamId: stream.id, body: `@${author.username} yes`, replyToId: first.id });
    expect((await notificationsOf(env.db, author.id)).map((row) => row.kind)).toEqual(["REPLY"]);
  });
});

describe("held messages", () => {
  it("notify whom they mention once a moderator approves them, not before", async () => {
    const [author, bea] = [await createUser(env.db), await createUser(env.db)];
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    await env.db.blockedTerm.create({ data: { streamId: stream.id, term: "giveaway", action: "HOLD" } });
    const held = await as(author).chat.send({ streamId: stream.id, body: `@${bea.username} giveaway here` });
    expect(held.status).toBe("HELD");
    expect(await notificationsOf(env.db, bea.id)).toEqual([]);

    await as(owner).moderation.approve({ streamId: stream.id, messageId: held.message.id });
    const [mention] = (await as(bea).notifications.list({})).items;
    expect(mention).toMatchObject({ kind: "MENTION", actor: { id: author.id }, href: `/s/${stream.slug}?m=${held.message.id}` });
    expect(await notificationsOf(env.db, author.id)).toEqual([]);
  });
});

describe("preferences", () => {
  it("in-app off: no notification is stored; push off: none is pushed; the other kinds are unaffected", async () => {
    const push = pushSettings();
    const [author, quiet, pushless] = [await createUser(env.db), await createUser(env.db), await createUser(env.db)];
    const stream = await createStream(env.db, (await createUser(env.db)).id);
    for (const user of [quiet, pushless]) {
      await env.db.pushSubscription.create({
        data: { userId: user.id, endpoint: `https://fcm.googleapis.com/fcm/send/${unique("d")}`, p256dh: "k", auth: "a" },
      });
    }
    const quietPrefs = await notifyCaller(env, quiet, { jobs, push }).notifications.setPreference({
      kind: "MENTION",
      inApp: false,
      push: false,
    });
    expect(quietPrefs.find((preference) => preference.kind === "MENTION")).toEqual({ kind: "MENTION", inApp: false, push: false });
    expect(quietPrefs.find((preference) => preference.kind === "REPLY")).toEqual({ kind: "REPLY", inApp: true, push: true });
    await notifyCaller(env, pushless, { jobs, push }).notifications.setPreference({ kind: "MENTION", push: false });

    const before = (await queues.jobs(env.db, "push.send")).length;
    await notifyCaller(env, author, { jobs, push }).chat.send({ streamId: stream.id, body: `@${quiet.username} @${pushless.username}` });
    expect(await notificationsOf(env.db, quiet.id)).toEqual([]);
    expect(await notificationsOf(env.db, pushless.id)).toHaveLength(1);
    expect((await queues.jobs(env.db, "push.send")).length).toBe(before);

    // The same people, replied to: REPLY is still on for both, in the app and by push.
    await notifyCaller(env, quiet, { jobs, push }).chat.send({ streamId: stream.id, body: "mine" });
    const quietMessage = await env.db.chatMessage.findFirstOrThrow({ where: { userId: quiet.id } });
    const answer = visible(
      await notifyCaller(env, author, { jobs, push }).chat.send({ streamId: stream.id, body: "answer", replyToId: quietMessage.id }),
    );
    expect((await notificationsOf(env.db, quiet.id)).map((row) => row.kind)).toEqual(["REPLY"]);
    const pushes = await queues.jobs(env.db, "push.send");
    expect(pushes.length).toBe(before + 1);
    expect(pushes.at(-1)!.data).toMatchObject({
      title: `${author.username} replied to you`,
      body: `${author.username} replied to you in “Test stream”: answer`,
      url: `/s/${stream.slug}?m=${answer.id}`,
    });
  });

  it("push on with in-app off still pushes (once, however often it is produced)", async () => {
    const push = pushSettings();
    const [author, pushOnly] = [await createUser(env.db), await createUser(env.db)];
    const stream = await createStream(env.db, (await createUser(env.db)).id);
    await env.db.pushSubscription.create({
      data: { userId: pushOnly.id, endpoint: `https://fcm.googleapis.com/fcm/send/${unique("d")}`, p256dh: "k", auth: "a" },
    });
    await notifyCaller(env, pushOnly, { jobs, push }).notifications.setPreference({ kind: "MENTION", inApp: false });
    const before = (await queues.jobs(env.db, "push.send")).length;
    const id = requestId();
    const caller = notifyCaller(env, author, { jobs, push });
    await caller.chat.send({ streamId: stream.id, body: `@${pushOnly.username} hey`, requestId: id });
    await caller.chat.send({ streamId: stream.id, body: `@${pushOnly.username} hey`, requestId: id });
    expect(await notificationsOf(env.db, pushOnly.id)).toEqual([]);
    expect((await queues.jobs(env.db, "push.send")).length).toBe(before + 1);
  });
});

describe("a stream goes live", () => {
  it("followers get STREAM_LIVE, reminded people STREAM_REMINDER (once, also when the job runs again); the owner nothing", async () => {
    const owner = await createUser(env.db);
    const [fan, remindedFan, reminded, offFan] = [
      await createUser(env.db),
      await createUser(env.db),
      await createUser(env.db),
      await createUser(env.db),
    ];
    const stream = await createStream(env.db, owner.id, "SCHEDULED");
    await follow([fan.id, remindedFan.id, offFan.id], owner.id);
    await as(remindedFan).notifications.setReminder({ streamId: stream.id, on: true });
    await as(reminded).notifications.setReminder({ streamId: stream.id, on: true });
    await as(offFan).notifications.setPreference({ kind: "STREAM_LIVE", inApp: false });

    const { startedAt } = await as(owner).stream.start({ streamId: stream.id });
    const [job] = (await queues.jobs(env.db, "notify.streamLive")).filter(
      (row) => (row.data as { streamId: string }).streamId === stream.id,
    );
    expect(job!.data).toEqual({ streamId: stream.id, at: startedAt.toISOString(), after: null });

    const deps = { db: env.db, bus: env.bus, jobs };
    expect(await fanOutStream(deps, "notify.streamLive", job!.data as { streamId: string; at: string; after: null })).toBe(4);
    // A retried job (it failed after notifying) notifies nobody twice.
    await fanOutStream(deps, "notify.streamLive", job!.data as { streamId: string; at: string; after: null });

    expect((await notificationsOf(env.db, fan.id)).map((row) => row.kind)).toEqual(["STREAM_LIVE"]);
    expect((await notificationsOf(env.db, remindedFan.id)).map((row) => row.kind)).toEqual(["STREAM_REMINDER"]);
    expect((await notificationsOf(env.db, reminded.id)).map((row) => row.kind)).toEqual(["STREAM_REMINDER"]);
    expect(await notificationsOf(env.db, offFan.id)).toEqual([]);
    expect(await notificationsOf(env.db, owner.id)).toEqual([]);
    const [live] = (await as(fan).notifications.list({})).items;
    expect(live).toMatchObject({ text: `${owner.username} is live: “Test stream”`, href: `/s/${stream.slug}`, actor: { id: owner.id } });
  });

  it(`fans out in batches of ${FAN_OUT_BATCH} through the queue: every follower once`, async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id, "SCHEDULED");
    const count = FAN_OUT_BATCH + 3;
    const names = Array.from({ length: count }, () => unique("fan_"));
    await env.db.user.createMany({ data: names.map((username) => ({ username, email: `${username}@test.onair` })) });
    const fans = await env.db.user.findMany({ where: { username: { in: names } }, select: { id: true } });
    await follow(
      fans.map((fan) => fan.id),
      owner.id,
    );
    await startNotificationWorker(jobs, { db: env.db, bus: env.bus });
    await as(owner).stream.start({ streamId: stream.id });

    const stored = await eventually(
      () => env.db.notification.count({ where: { streamId: stream.id, kind: "STREAM_LIVE" } }),
      (n) => n >= count,
    );
    expect(stored).toBe(count);
    const batches = (await queues.jobs(env.db, "notify.streamLive")).filter(
      (row) => (row.data as { streamId: string }).streamId === stream.id,
    );
    expect(batches.map((row) => (row.data as { after: string | null }).after === null)).toEqual([true, false]);
    await eventually(
      () => queues.jobs(env.db, "notify.streamLive"),
      (rows) => rows.filter((row) => (row.data as { streamId: string }).streamId === stream.id).every((row) => row.state === "completed"),
    );
    expect(await env.db.notification.count({ where: { streamId: stream.id } })).toBe(count);
  });
});

describe("a stream is scheduled", () => {
  it("followers get STREAM_SCHEDULED when a stream is created or rescheduled for later; not for a start in the past", async () => {
    const owner = await createUser(env.db, { role: "ADMIN" });
    const fan = await createUser(env.db);
    await follow([fan.id], owner.id);
    const at = new Date(Date.now() + 2 * 3_600_000);
    const created = await as(owner).stream.create({
      title: "Friday jazz",
      video: { provider: "YOUTUBE", source: "https://youtu.be/dQw4w9WgXcQ" },
      scheduledStartAt: at,
    });
    const later = new Date(at.getTime() + 3_600_000);
    await as(owner).stream.update({ streamId: created.id, scheduledStartAt: later });

    const scheduled = (await queues.jobs(env.db, "notify.streamScheduled")).filter(
      (row) => (row.data as { streamId: string }).streamId === created.id,
    );
    expect(scheduled.map((row) => (row.data as { at: string }).at)).toEqual([at.toISOString(), later.toISOString()]);
    const deps = { db: env.db, bus: env.bus, jobs };
    // The first schedule is stale (the stream moved): nothing; the current one: the fan, once.
    expect(await fanOutStream(deps, "notify.streamScheduled", scheduled[0]!.data as { streamId: string; at: string; after: null })).toBe(0);
    expect(await fanOutStream(deps, "notify.streamScheduled", scheduled[1]!.data as { streamId: string; at: string; after: null })).toBe(1);
    const [notification] = (await as(fan).notifications.list({})).items;
    expect(notification).toMatchObject({
      kind: "STREAM_SCHEDULED",
      text: `${owner.username} scheduled “Friday jazz”`,
      data: { scheduledStartAt: later },
    });
  });
});

describe("orders", () => {
  it("the buyer hears each status change of their order, once per status", async () => {
    const seller = await createUser(env.db);
    const stream = await createStream(env.db, seller.id);
    const product = await createProduct(env.db, seller.id, { title: "Mug", priceCents: 1250, variants: [{ name: "Blue", stock: 5 }] });
    await addToShelf(env.db, stream.id, product.id);
    const buyer = await createUser(env.db);
    const checkout = await as(buyer).checkout.start({
      requestId: requestId(),
      streamId: stream.id,
      productId: product.id,
      variantId: product.variants[0]!.id,
      quantity: 1,
      expectedUnitPriceCents: 1250,
    });
    const { order } = await as(buyer).checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "COD" });
    await as(seller).orders.setStatus({ streamId: stream.id, orderId: order.id, status: "PAID" });
    await as(seller).orders.setStatus({ streamId: stream.id, orderId: order.id, status: "FULFILLED" });
    await as(seller).orders.refund({ streamId: stream.id, orderId: order.id });

    const { items } = await as(buyer).notifications.list({});
    expect(items.map((item) => item.text)).toEqual([
      `Your order ${order.number} is refunded`,
      `Your order ${order.number} is on its way`,
      `Your order ${order.number} is paid`,
    ]);
    expect(items[0]!.href).toBe(`/orders/${order.id}`);
    expect(await notificationsOf(env.db, seller.id)).toEqual([]);
  });
});

describe("moderation", () => {
  it("the person acted on hears of a removed message, a timeout, a ban and an unban; a moderator removing their own message does not", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const viewer = await createUser(env.db);
    const message = visible(await as(viewer).chat.send({ streamId: stream.id, body: "spam spam" }));
    const own = visible(await as(owner).chat.send({ streamId: stream.id, body: "oops" }));

    await as(owner).moderation.deleteMessage({ streamId: stream.id, messageId: message.id, reason: "Spam" });
    await as(owner).moderation.deleteMessage({ streamId: stream.id, messageId: own.id });
    const timeout = await as(owner).moderation.timeout({ streamId: stream.id, userId: viewer.id, durationSeconds: 600 });
    await as(owner).moderation.ban({ streamId: stream.id, userId: viewer.id });
    await as(owner).moderation.unban({ streamId: stream.id, userId: viewer.id });

    const { items } = await as(viewer).notifications.list({});
    expect(items.map((item) => item.text).reverse()).toEqual([
      "A moderator removed your message in “Test stream”. Reason: Spam",
      "You were timed out of the chat in “Test stream”",
      "You were banned from the chat in “Test stream”",
      "You can chat again in “Test stream”",
    ]);
    expect(items.at(-2)!.data).toEqual({ kind: "MODERATION", action: "USER_TIMEOUT", expiresAt: timeout.expiresAt, reason: null });
    expect(items.every((item) => item.href === `/s/${stream.slug}` && item.actor?.id === owner.id)).toBe(true);
    expect(await notificationsOf(env.db, owner.id)).toEqual([]);
  });
});
