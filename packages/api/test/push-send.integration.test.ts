import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_QUEUES, type JobQueue } from "../src/jobs";
import { startPushWorker } from "../src/services/push/send";
import type { PushSettings } from "../src/services/push/settings";
import { createStream, createUser, openTestEnv, visible, type TestEnv } from "./fixtures";
import { jobQueueFixture } from "./jobs-fixtures";
import { eventually, notifyCaller, pushSettings } from "./notify-fixtures";
import { browserKeys, decryptPush, startPushService, verifiedVapidClaims } from "./push-fixtures";

/**
 * The whole send path of web push against a push service on 127.0.0.1: a
 * notification is queued as a push.send job, the worker encrypts it with the
 * subscription's keys and posts it; the "push service" decrypts it as the
 * browser would. Retries are quick here (1 s, two of them) so the test does
 * not wait for the production back-off.
 */

let env: TestEnv;
const queues = jobQueueFixture();
let jobs: JobQueue;
let service: Awaited<ReturnType<typeof startPushService>>;
let push: PushSettings;

const TEST_QUEUES = {
  ...JOB_QUEUES,
  "push.send": { ...JOB_QUEUES["push.send"], retryLimit: 2, retryDelaySeconds: 1, retryBackoff: false },
};

beforeAll(async () => {
  env = openTestEnv();
  // /gone/*: the browser unsubscribed (410); /flaky/*: 500 the first time; /down/*: always 500.
  service = await startPushService((path, attempt) =>
    path.startsWith("/gone/") ? 410 : path.startsWith("/down/") ? 500 : path.startsWith("/flaky/") && attempt === 1 ? 500 : 201,
  );
  push = pushSettings([service.origin]);
  jobs = await queues.startWith(TEST_QUEUES);
  await startPushWorker(jobs, { db: env.db, push });
});
afterAll(async () => {
  await queues.dispose(env.db);
  await service.close();
  await env.close();
});

type User = Awaited<ReturnType<typeof createUser>>;
const as = (user: User) => notifyCaller(env, user, { jobs, push });
let devices = 0;

/** A browser of `user` subscribed at `<kind>/<n>` on the local push service. */
async function subscribe(user: User, kind: "ok" | "gone" | "flaky" | "down" = "ok") {
  const browser = browserKeys();
  const path = `/${kind}/${(devices += 1)}`;
  const { id } = await as(user).push.subscribe({ endpoint: service.origin + path, keys: browser.keys, userAgent: "Test browser" });
  return { id, path, browser };
}

async function mentionOf(user: User) {
  const author = await createUser(env.db);
  const stream = await createStream(env.db, (await createUser(env.db)).id);
  const message = visible(await as(author).chat.send({ streamId: stream.id, body: `@${user.username} look at this` }));
  return { author, stream, message };
}

describe("web push", () => {
  it("a notification reaches the push service encrypted for the subscription, signed with the server's VAPID key", async () => {
    const user = await createUser(env.db);
    const device = await subscribe(user);
    const { author, stream, message } = await mentionOf(user);

    const [received] = await eventually(
      () => Promise.resolve(service.at(device.path)),
      (pushes) => pushes.length > 0,
    );
    expect(received!.headers["content-encoding"]).toBe("aes128gcm");
    expect(received!.headers.ttl).toBe("86400");
    expect(decryptPush(received!, device.browser)).toEqual({
      title: `${author.username} mentioned you`,
      body: `${author.username} mentioned you in “Test stream”: @${user.username} look at this`,
      url: `/s/${stream.slug}?m=${message.id}`,
      tag: `chat:${message.id}`,
    });
    const claims = verifiedVapidClaims(received!, push.vapid!.publicKey);
    expect(claims).toMatchObject({ aud: service.origin, sub: "mailto:tests@onair.example" });
    // Someone else's keys cannot read it.
    expect(() => decryptPush(received!, browserKeys())).toThrow();

    const stored = await eventually(
      () => env.db.pushSubscription.findUniqueOrThrow({ where: { id: device.id } }),
      (subscription) => subscription.lastSuccessAt !== null,
    );
    expect(stored.failures).toBe(0);
  });

  it("push.test reaches every device of the caller", async () => {
    const user = await createUser(env.db);
    const [phone, laptop] = [await subscribe(user), await subscribe(user)];
    expect(await as(user).push.test()).toEqual({ queued: 2 });
    for (const device of [phone, laptop]) {
      const [received] = await eventually(
        () => Promise.resolve(service.at(device.path)),
        (pushes) => pushes.length > 0,
      );
      expect(decryptPush(received!, device.browser)).toEqual({
        title: "OnAir",
        body: "Push notifications work on this device.",
        url: "/settings/notifications",
        tag: "onair-test",
      });
    }
  });

  it("a 410 from the push service removes the subscription, without retrying", async () => {
    const user = await createUser(env.db);
    const device = await subscribe(user, "gone");
    await mentionOf(user);
    await eventually(
      () => env.db.pushSubscription.count({ where: { id: device.id } }),
      (count) => count === 0,
    );
    const [job] = await eventually(
      async () =>
        (await queues.jobs(env.db, "push.send")).filter((row) => (row.data as { subscriptionId: string }).subscriptionId === device.id),
      (rows) => rows.length === 1 && rows[0]!.state === "completed",
    );
    expect(job!.retry_count).toBe(0);
    expect(service.at(device.path)).toHaveLength(1);
  });

  it("a 500 is retried and the push then delivered; the subscription's failures stay at 0", async () => {
    const user = await createUser(env.db);
    const device = await subscribe(user, "flaky");
    await mentionOf(user);
    const pushes = await eventually(
      () => Promise.resolve(service.at(device.path)),
      (received) => received.length >= 2,
    );
    expect(pushes).toHaveLength(2);
    expect(decryptPush(pushes[1]!, device.browser)).toMatchObject({ body: expect.stringContaining("look at this") as string });
    const stored = await eventually(
      () => env.db.pushSubscription.findUniqueOrThrow({ where: { id: device.id } }),
      (subscription) => subscription.lastSuccessAt !== null,
    );
    expect(stored.failures).toBe(0);
    const [job] = (await queues.jobs(env.db, "push.send")).filter(
      (row) => (row.data as { subscriptionId: string }).subscriptionId === device.id,
    );
    expect(job).toMatchObject({ state: "completed", retry_count: 1 });
  });

  it("a push that fails every attempt counts one failure and keeps the subscription", async () => {
    const user = await createUser(env.db);
    const device = await subscribe(user, "down");
    await mentionOf(user);
    const [job] = await eventually(
      async () =>
        (await queues.jobs(env.db, "push.send")).filter((row) => (row.data as { subscriptionId: string }).subscriptionId === device.id),
      (rows) => rows.length === 1 && rows[0]!.state === "failed",
      30_000,
    );
    expect(job!.retry_count).toBe(2);
    expect(service.at(device.path)).toHaveLength(3);
    expect(await env.db.pushSubscription.findUniqueOrThrow({ where: { id: device.id } })).toMatchObject({
      failures: 1,
      lastSuccessAt: null,
    });
  });

  it("push off for a kind: its notifications are not pushed, other kinds still are", async () => {
    const user = await createUser(env.db);
    const device = await subscribe(user);
    await as(user).notifications.setPreference({ kind: "MENTION", push: false });
    await mentionOf(user);
    // And a kind still on: its push is the first (and only) one the device gets.
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const mine = visible(await as(user).chat.send({ streamId: stream.id, body: "question" }));
    await as(owner).chat.send({ streamId: stream.id, body: "answer", replyToId: mine.id });
    const [received] = await eventually(
      () => Promise.resolve(service.at(device.path)),
      (pushes) => pushes.length > 0,
    );
    expect(decryptPush(received!, device.browser)).toMatchObject({ title: `${owner.username} replied to you` });
    // The mention was never queued: one job for this device, the reply's.
    const queued = (await queues.jobs(env.db, "push.send")).filter(
      (row) => (row.data as { subscriptionId: string }).subscriptionId === device.id,
    );
    expect(queued.map((row) => (row.data as { title: string }).title)).toEqual([`${owner.username} replied to you`]);
  });
});

describe("subscriptions", () => {
  it("the public key is the server's VAPID key, null when push is off; subscribing then is refused", async () => {
    const user = await createUser(env.db);
    expect(await as(user).push.publicKey()).toEqual({ publicKey: push.vapid!.publicKey });
    const off = notifyCaller(env, user, { jobs });
    expect(await off.push.publicKey()).toEqual({ publicKey: null });
    await expect(off.push.subscribe({ endpoint: "https://fcm.googleapis.com/fcm/send/x", keys: browserKeys().keys })).rejects.toMatchObject(
      {
        code: "PRECONDITION_FAILED",
        message: "Push notifications are not set up on this server.",
      },
    );
  });

  it("accepts the browsers' push services and listed origins only; a refused endpoint stores nothing", async () => {
    const user = await createUser(env.db);
    const { keys } = browserKeys();
    for (const endpoint of [
      "https://fcm.googleapis.com/fcm/send/abc",
      "https://updates.push.services.mozilla.com/wpush/v2/abc",
      "https://web.push.apple.com/QGx",
      "https://wns2-par02p.notify.windows.com/w/?token=abc",
    ]) {
      await as(user).push.subscribe({ endpoint, keys });
    }
    for (const endpoint of [
      "https://evil.example/push",
      "http://fcm.googleapis.com/fcm/send/abc",
      "https://fcm.googleapis.com:8443/fcm/send/abc",
      "https://fcm.googleapis.com.evil.example/x",
      "https://user:secret@fcm.googleapis.com/fcm/send/abc",
      "https://169.254.169.254/latest/meta-data",
      `${service.origin.replace("127.0.0.1", "localhost")}/ok/1`,
      "ftp://fcm.googleapis.com/x",
    ]) {
      await expect(as(user).push.subscribe({ endpoint, keys }), endpoint).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: "endpoint is not a known push service: use the subscription your browser's push manager gave you.",
      });
    }
    expect(await env.db.pushSubscription.count({ where: { userId: user.id } })).toBe(4);
  });

  it("lists the caller's devices without their keys; unsubscribe removes only the caller's own", async () => {
    const [user, other] = [await createUser(env.db), await createUser(env.db)];
    const device = await subscribe(user);
    const list = await as(user).push.subscriptions();
    expect(list).toEqual([{ id: device.id, userAgent: "Test browser", createdAt: expect.any(Date) as Date, lastSuccessAt: null }]);
    expect(await as(other).push.unsubscribe({ endpoint: service.origin + device.path })).toEqual({ removed: false });
    expect(await as(user).push.unsubscribe({ endpoint: service.origin + device.path })).toEqual({ removed: true });
    expect(await as(user).push.unsubscribe({ endpoint: service.origin + device.path })).toEqual({ removed: false });
    expect(await as(user).push.subscriptions()).toEqual([]);
  });

  it("removeDevice removes one of the caller's devices by id, never another user's", async () => {
    const [user, other] = [await createUser(env.db), await createUser(env.db)];
    const device = await subscribe(user);
    expect(await as(other).push.removeDevice({ id: device.id })).toEqual({ removed: false });
    expect(await env.db.pushSubscription.count({ where: { id: device.id } })).toBe(1);
    await expect(as(user).push.removeDevice({ id: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as(user).push.removeDevice({ id: "x".repeat(65) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await env.db.pushSubscription.count({ where: { id: device.id } })).toBe(1);
    expect(await as(user).push.removeDevice({ id: device.id })).toEqual({ removed: true });
    expect(await as(user).push.removeDevice({ id: device.id })).toEqual({ removed: false });
    expect(await as(user).push.subscriptions()).toEqual([]);
  });

  it("a browser that signs in as someone else moves its subscription to them", async () => {
    const [first, second] = [await createUser(env.db), await createUser(env.db)];
    const browser = browserKeys();
    const endpoint = `${service.origin}/ok/shared-${first.id}`;
    const { id } = await as(first).push.subscribe({ endpoint, keys: browser.keys });
    expect(await as(second).push.subscribe({ endpoint, keys: browserKeys().keys })).toEqual({ id });
    expect(await as(first).push.subscriptions()).toEqual([]);
    expect((await as(second).push.subscriptions()).map((row) => row.id)).toEqual([id]);
  });

  it("keeps at most 10 devices per person: a new one replaces the one unused longest", async () => {
    const user = await createUser(env.db);
    const { keys } = browserKeys();
    // Ten devices already; every one but the first has received a push.
    await env.db.pushSubscription.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({
        userId: user.id,
        endpoint: `https://fcm.googleapis.com/fcm/send/cap-${user.id}-${i}`,
        ...keys,
        lastSuccessAt: i === 0 ? null : new Date(),
      })),
    });
    const unused = await env.db.pushSubscription.findUniqueOrThrow({
      where: { endpoint: `https://fcm.googleapis.com/fcm/send/cap-${user.id}-0` },
    });
    const newest = await as(user).push.subscribe({ endpoint: `https://fcm.googleapis.com/fcm/send/cap-${user.id}-new`, keys });
    const kept = await env.db.pushSubscription.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(kept).toHaveLength(10);
    expect(kept.map((row) => row.id)).toContain(newest.id);
    expect(kept.map((row) => row.id)).not.toContain(unused.id);
  });

  it("subscribing and test pushes are rate-limited per person", async () => {
    const user = await createUser(env.db);
    for (let i = 0; i < 10; i += 1) await as(user).push.test();
    await expect(as(user).push.test()).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many push requests: try again in a minute.",
    });
  });

  it("refuses malformed keys and over-long fields with the field named", async () => {
    const user = await createUser(env.db);
    const { keys } = browserKeys();
    const endpoint = "https://fcm.googleapis.com/fcm/send/keys";
    for (const input of [
      { endpoint, keys: { ...keys, p256dh: keys.p256dh.slice(0, 20) } },
      { endpoint, keys: { ...keys, auth: "not base64!" } },
      // 65 bytes, but not a point on the curve: nothing could be encrypted for it.
      { endpoint, keys: { ...keys, p256dh: Buffer.alloc(65, 4).toString("base64url") } },
      { endpoint: "not a url", keys },
      { endpoint, keys, userAgent: "x".repeat(301) },
    ]) {
      await expect(as(user).push.subscribe(input)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await env.db.pushSubscription.count({ where: { userId: user.id } })).toBe(0);
  });
});
