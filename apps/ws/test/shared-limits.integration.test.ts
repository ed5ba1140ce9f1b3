import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { limitsFromEnv, type AppRouter, type Limits } from "@onair/api";
import { createEventBus, type EventBus } from "@onair/api/events";
import { createDbClient, type Db } from "@onair/db";
import { freePort } from "@onair/db/dev";
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { createLiveStream, createUserWithToken, processExited, startHttpApi, startWsProcess } from "./helpers";

// One allowance, whatever the deployment: the web app (here the router over HTTP,
// with its limits built by limitsFromEnv exactly as apps/web builds them) and a
// real apps/ws process count chat sends together, in PostgreSQL without Redis
// and in Redis with it.
const AUTH_SECRET = "shared-limits-secret-shared-limits-secret";
const USER_LIMIT = 4;

let databaseUrl: string;
let db: Db;
const closers: Array<() => unknown> = [];
const processes: ChildProcess[] = [];

beforeAll(() => {
  databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl);
});

afterAll(async () => {
  await Promise.allSettled(closers.reverse().map((close) => close()));
  for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await Promise.all(processes.map((child) => processExited(child)));
  await db.$disconnect();
});

type Client = ReturnType<typeof createTRPCClient<AppRouter>>;
type Outcome = { ok: true } | { ok: false; code: string | undefined; reason: string | null };

async function send(client: Client, streamId: string, body: string): Promise<Outcome> {
  try {
    await client.chat.send.mutate({ streamId, body });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { code?: string; reason?: string | null } | undefined;
    return { ok: false, code: data?.code, reason: data?.reason ?? null };
  }
}

/** The web app and one WebSocket server on the same database (and Redis, when given), with a small per-user chat limit. */
async function startDeployment(redisUrl: string | null) {
  const keyPrefix = `shared-limits-${randomBytes(3).toString("hex")}:`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl ?? "",
    REDIS_KEY_PREFIX: keyPrefix,
    CHAT_USER_RATE_LIMIT: `${USER_LIMIT}/60`,
    CHAT_IP_RATE_LIMIT: "1000/60",
  };
  const wsPort = await freePort();
  const child = await startWsProcess({ ...env, AUTH_SECRET, WS_PORT: String(wsPort) });
  processes.push(child);

  const bus: EventBus = createEventBus({ databaseUrl, redisUrl, redisKeyPrefix: keyPrefix });
  const limits: Limits = limitsFromEnv({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    CHAT_USER_RATE_LIMIT: [USER_LIMIT, 60],
    CHAT_IP_RATE_LIMIT: [1000, 60],
  });
  await limits.store.ready();
  const web = await startHttpApi({ db, bus, authSecret: AUTH_SECRET, limits });
  closers.push(
    () => bus.close(),
    () => limits.close(),
    () => web.close(),
  );
  expect(limits.store.kind).toBe(redisUrl ? "redis" : "postgres");

  return {
    overHttp(token: string): Client {
      return createTRPCClient<AppRouter>({
        links: [httpLink({ url: web.url, transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
      });
    },
    overWs(token: string): Client {
      const client = createWSClient({ url: `ws://127.0.0.1:${wsPort}`, WebSocket: WebSocket as never, connectionParams: { token } });
      closers.push(() => client.close());
      return createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
    },
  };
}

describe.each([{ redis: false }, { redis: true }])(
  "chat limits shared by the web app and the WebSocket server (redis: $redis)",
  ({ redis }) => {
    let deployment: Awaited<ReturnType<typeof startDeployment>>;
    beforeAll(async () => {
      deployment = await startDeployment(redis ? inject("redisUrl") : null);
    });

    it("a user sending alternately over HTTP and WebSocket gets the per-user allowance once in total", async () => {
      const sender = await createUserWithToken(db);
      const owner = await createUserWithToken(db);
      const stream = await createLiveStream(db, owner.id);
      const [web, ws] = [deployment.overHttp(sender.token), deployment.overWs(sender.token)];

      const outcomes: Outcome[] = [];
      for (let i = 0; i < 2 * USER_LIMIT; i++) outcomes.push(await send(i % 2 === 0 ? web : ws, stream.id, `m${i + 1}`));

      expect(outcomes.slice(0, USER_LIMIT)).toEqual(Array.from({ length: USER_LIMIT }, () => ({ ok: true })));
      // The N+1th, on either side, is refused.
      for (const refused of outcomes.slice(USER_LIMIT))
        expect(refused).toEqual({ ok: false, code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
      expect(await db.chatMessage.count({ where: { streamId: stream.id } })).toBe(USER_LIMIT);

      // Someone else still has their own allowance.
      const other = await createUserWithToken(db);
      expect(await send(deployment.overWs(other.token), stream.id, "hi")).toEqual({ ok: true });
    });

    it("slow mode counts a message sent over HTTP against the next one over WebSocket", async () => {
      const sender = await createUserWithToken(db);
      const owner = await createUserWithToken(db);
      const stream = await createLiveStream(db, owner.id);
      await db.liveStream.update({ where: { id: stream.id }, data: { slowModeSeconds: 60 } });

      expect(await send(deployment.overHttp(sender.token), stream.id, "first, over HTTP")).toEqual({ ok: true });
      expect(await send(deployment.overWs(sender.token), stream.id, "right after, over WebSocket")).toEqual({
        ok: false,
        code: "TOO_MANY_REQUESTS",
        reason: "SLOW_MODE",
      });
    });
  },
);
