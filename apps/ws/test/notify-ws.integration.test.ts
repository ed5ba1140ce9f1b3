import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createEventBus, type EventBus, type NotificationEvent } from "@onair/api/events";
import { createDbClient, type Db } from "@onair/db";
import type { OnAirClient } from "@onair/sdk";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestRedis, type TestRedis } from "../../../test/redis";
import {
  createLiveStream,
  createSdkClient,
  createUserWithToken,
  processExited,
  startClusterInstance,
  startHttpApi,
  waitFor,
} from "./helpers";

// A real apps/ws process, a private Redis, the web app's HTTP API in process: a
// notification made by an HTTP mutation reaches the person's WebSocket subscription.
const AUTH_SECRET = "notify-ws-secret-notify-ws-secret";

let redis: TestRedis;
let db: Db;
let bus: EventBus;
let httpApi: Awaited<ReturnType<typeof startHttpApi>>;
let instance: { url: string; child: ChildProcess };
const clients: OnAirClient[] = [];

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  redis = await startTestRedis();
  const keyPrefix = `notify-${randomBytes(3).toString("hex")}:`;
  db = createDbClient(databaseUrl);
  bus = createEventBus({ databaseUrl, redisUrl: redis.url, redisKeyPrefix: keyPrefix });
  httpApi = await startHttpApi({ db, bus, authSecret: AUTH_SECRET });
  instance = await startClusterInstance({ databaseUrl, redisUrl: redis.url, keyPrefix, authSecret: AUTH_SECRET }, { JOBS_WORKER: "0" });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  instance.child.kill("SIGTERM");
  await processExited(instance.child);
  await httpApi.close();
  await bus.close();
  await db.$disconnect();
  await redis.dispose();
});

function sdk(token: string): OnAirClient {
  const client = createSdkClient({ url: httpApi.url, wsUrl: instance.url, token });
  clients.push(client);
  return client;
}

describe("notifications.onEvents over WebSocket", () => {
  it("the unread count first, then a mention made over HTTP, then a read made on another device", async () => {
    const [mentioned, author] = [await createUserWithToken(db), await createUserWithToken(db)];
    const { username } = await db.user.findUniqueOrThrow({ where: { id: mentioned.id }, select: { username: true } });
    const stream = await createLiveStream(db, author.id);
    const events: NotificationEvent[] = [];
    const subscription = sdk(mentioned.token).api.notifications.onEvents.subscribe(undefined, {
      onData: (event) => void events.push(event),
    });
    await waitFor(() => events.length > 0, "the first event");
    expect(events[0]).toEqual({ type: "notifications.unread", streamId: `user:${mentioned.id}`, unread: 0 });

    const sent = await sdk(author.token).api.chat.send.mutate({ streamId: stream.id, body: `hello @${username}` });
    await waitFor(() => events.some((event) => event.type === "notifications.new"), "the mention");
    const arrived = events.find((event) => event.type === "notifications.new")!;
    expect(arrived).toMatchObject({ unread: 1, notification: { kind: "MENTION", href: `/s/${stream.slug}?m=${sent.message.id}` } });

    // The same person on another device (HTTP) marks everything read.
    await sdk(mentioned.token).api.notifications.markAllRead.mutate();
    await waitFor(() => events.some((event) => event.type === "notifications.read"), "the read");
    expect(events.map((event) => event.type)).toEqual(["notifications.unread", "notifications.new", "notifications.read"]);
    expect(events[2]).toMatchObject({ ids: "all", unread: 0 });
    subscription.unsubscribe();
  });

  it("refuses anonymous subscribers with UNAUTHORIZED", async () => {
    const client = createSdkClient({ url: httpApi.url, wsUrl: instance.url });
    clients.push(client);
    const code = await new Promise<string>((resolve) => {
      client.api.notifications.onEvents.subscribe(undefined, {
        onData: () => resolve("data"),
        onError: (error) => resolve(error.data?.code ?? error.message),
      });
    });
    expect(code).toBe("UNAUTHORIZED");
  });
});
