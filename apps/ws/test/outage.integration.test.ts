import { randomBytes } from "node:crypto";
import { createEventBus, type ChatMessageView, type EventBus } from "@onair/api/events";
import { createRealtime, type Realtime } from "@onair/api/realtime";
import { createDbClient, type Db } from "@onair/db";
import type { OnAirClient } from "@onair/sdk";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startRestartablePostgres, type RestartablePostgres } from "../../../test/restartable-postgres";
import { startWsServer, type RunningWsServer } from "../src/server";
import { createLiveStream, createSdkClient, createUserWithToken, generousLimits, startHttpApi, waitFor } from "./helpers";

const AUTH_SECRET = "test-secret-test-secret-test-secret";
const VIEWERS = 3;

let postgres: RestartablePostgres;

beforeAll(async () => {
  postgres = await startRestartablePostgres();
});

afterAll(async () => {
  await postgres?.dispose();
});

/** A viewer's chat subscription: every message it received, and how often its subscription (re)started. */
function watch(api: OnAirClient["api"], streamId: string) {
  const received: ChatMessageView[] = [];
  let starts = 0;
  let started!: () => void;
  const startedOnce = new Promise<void>((resolve) => (started = resolve));
  const errors: unknown[] = [];
  const subscription = api.chat.onMessage.subscribe(
    { streamId, lastEventId: "0" },
    {
      onStarted: () => {
        starts++;
        started();
      },
      onData: ({ data }) => {
        if (data.type === "chat.message") received.push(data.message);
        if (data.type === "chat.history") received.push(...data.messages);
      },
      onError: (error) => errors.push(error),
    },
  );
  return { received, errors, started: startedOnce, starts: () => starts, stop: () => subscription.unsubscribe() };
}

function refusal(error: unknown): { code: unknown; retryAfterMs: unknown } {
  if (!(error instanceof TRPCClientError)) throw error;
  const data = error.data as { code?: unknown; retryAfterMs?: unknown } | undefined;
  return { code: data?.code, retryAfterMs: data?.retryAfterMs };
}

async function health(port: number): Promise<{ status: number; body: { status: string; down?: { bus?: string; database?: string } } }> {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: response.status, body: (await response.json()) as { status: string; down?: { bus?: string; database?: string } } };
}

describe.each([
  { mode: "PostgreSQL LISTEN/NOTIFY (embedded default)", redis: false },
  { mode: "Redis pub/sub", redis: true },
])("a PostgreSQL restart with events over $mode", ({ redis }) => {
  let db: Db;
  let bus: EventBus;
  let realtime: Realtime;
  let wsServer: RunningWsServer;
  let httpApi: Awaited<ReturnType<typeof startHttpApi>>;
  const clients: OnAirClient[] = [];

  beforeAll(async () => {
    const redisUrl = redis ? inject("redisUrl") : null;
    const redisKeyPrefix = `${inject("redisKeyPrefix")}outage-${randomBytes(3).toString("hex")}:`;
    db = createDbClient(postgres.url);
    bus = createEventBus({ databaseUrl: postgres.url, redisUrl, redisKeyPrefix });
    realtime = createRealtime({ db, bus, redisUrl, redisKeyPrefix });
    wsServer = await startWsServer({ db, bus, realtime, limits: generousLimits(), authSecret: AUTH_SECRET, port: 0, host: "127.0.0.1" });
    httpApi = await startHttpApi({ db, bus, authSecret: AUTH_SECRET });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await wsServer?.close();
    await httpApi?.close();
    await realtime?.close();
    await bus?.close();
    await db?.$disconnect();
  });

  function client(token?: string): OnAirClient {
    const created = createSdkClient({ url: httpApi.url, wsUrl: `ws://127.0.0.1:${wsServer.port}`, token });
    clients.push(created);
    return created;
  }

  it("viewers who stay connected receive every stored message exactly once; refusals say SERVICE_UNAVAILABLE with retryAfterMs", async () => {
    const sender = await createUserWithToken(db);
    const stream = await createLiveStream(db, sender.id);
    const viewers = Array.from({ length: VIEWERS }, () => watch(client().api, stream.id));
    await Promise.all(viewers.map((viewer) => viewer.started));
    expect((await health(wsServer.port)).status).toBe(200);

    // One sender posts message after message; a refused send is tried again (same text) until it is stored.
    const send = client(sender.token).api.chat.send;
    const refusals: Array<{ code: unknown; retryAfterMs: unknown }> = [];
    let stored = 0;
    let sending = true;
    const sendLoop = (async () => {
      for (let i = 0; sending; i++) {
        while (sending) {
          try {
            await send.mutate({ streamId: stream.id, body: `message ${i}` });
            stored++;
            break;
          } catch (error) {
            refusals.push(refusal(error));
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }
    })();

    try {
      await waitFor(() => stored >= 5, "messages before the outage");
      await postgres.stop();
      try {
        await waitFor(() => refusals.length >= 3, "sends refused during the outage");

        const down = await health(wsServer.port);
        expect(down.status).toBe(503);
        expect(down.body.status).toBe("unavailable");
        expect(down.body.down?.database).toBeTruthy();
        // The LISTEN connection died with the server (with Redis, the bus is unaffected).
        if (!redis) expect(down.body.down?.bus).toBeTruthy();

        // A new subscription is refused the same way while the database is away.
        const late = watch(client().api, stream.id);
        await waitFor(() => late.errors.length > 0, "the refused subscription");
        expect(refusal(late.errors[0])).toEqual({ code: "SERVICE_UNAVAILABLE", retryAfterMs: 2000 });
        late.stop();

        // An outage of more than a second: longer than the old single re-LISTEN attempt waited.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      } finally {
        await postgres.start();
      }
      const storedAtRestart = stored;
      await waitFor(() => stored >= storedAtRestart + 5, "messages after the outage");
    } finally {
      sending = false;
      await sendLoop;
    }

    expect(refusals.length).toBeGreaterThanOrEqual(3);
    for (const refused of refusals) expect(refused).toEqual({ code: "SERVICE_UNAVAILABLE", retryAfterMs: 2000 });

    const rows = await db.chatMessage.findMany({
      where: { streamId: stream.id },
      orderBy: { seq: "asc" },
      select: { id: true, seq: true },
    });
    expect(rows.length).toBe(stored);
    const last = rows.at(-1)!.seq!;
    for (const viewer of viewers) {
      await waitFor(() => viewer.received.some((message) => message.seq >= last), `a viewer to receive seq ${last}`);
      expect(viewer.received.map((message) => message.id)).toEqual(rows.map((row) => row.id));
      // They stayed connected: nothing was filled in by a client-side resume.
      expect(viewer.starts()).toBe(1);
      expect(viewer.errors).toEqual([]);
    }

    // Healthy again once the bus is back and the database answers.
    let healed = await health(wsServer.port);
    while (healed.status !== 200) healed = await health(wsServer.port);
    expect(healed.body).toMatchObject({ status: "ok" });
    for (const viewer of viewers) viewer.stop();
  }, 60_000);
});
