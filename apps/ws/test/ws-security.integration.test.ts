import type { AppRouter } from "@onair/api";
import { createEventBus, type EventBus } from "@onair/api/events";
import { createRealtime, type Realtime } from "@onair/api/realtime";
import { createDbClient, type Db, type Role } from "@onair/db";
import { createOnAirClient } from "@onair/sdk";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { IdentityWatch, type IdentityEnd } from "../src/identity-watch";
import { startWsServer, type RunningWsServer } from "../src/server";
import {
  createLiveStream,
  createUserWithToken,
  createWsOnlyClient,
  generousLimits,
  signedInCookie,
  startHttpApi,
  waitFor,
  webSocketWithHeaders,
} from "./helpers";

const AUTH_SECRET = "security-test-secret-security-test-secret";
/** The web app's own origin in these tests (what NEXTAUTH_URL names in production). */
const APP_ORIGIN = "http://app.onair.test:3000";
/** Another page the signed-in user happens to visit: another port of the same host. */
const FOREIGN_ORIGIN = "http://app.onair.test:4000";

let db: Db;
let bus: EventBus;
let realtime: Realtime;
let wsServer: RunningWsServer;
let httpApi: Awaited<ReturnType<typeof startHttpApi>>;
let wsUrl: string;
const toClose: Array<{ close(): Promise<void> | void }> = [];

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl);
  bus = createEventBus({ databaseUrl });
  realtime = createRealtime({ db, bus });
  wsServer = await startWsServer({
    db,
    bus,
    realtime,
    limits: generousLimits(),
    authSecret: AUTH_SECRET,
    port: 0,
    host: "127.0.0.1",
    cookieOrigins: [APP_ORIGIN],
    sessionCheckMs: 200,
    // maxPayloadBytes and maxSubscriptionsPerConnection: the defaults (128 KiB, 50).
  });
  wsUrl = `ws://127.0.0.1:${wsServer.port}`;
  httpApi = await startHttpApi({ db, bus, authSecret: AUTH_SECRET });
});

afterAll(async () => {
  await Promise.all(toClose.map((client) => Promise.resolve(client.close())));
  await wsServer.close();
  await httpApi.close();
  await realtime.close();
  await bus.close();
  await db.$disconnect();
});

function wsClient(options: Parameters<typeof createWsOnlyClient>[0]) {
  const client = createWsOnlyClient(options);
  toClose.push(client);
  return client;
}

/** The web app's HTTP API as a token holder calls it. */
function httpAs(token: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: httpApi.url, transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
  });
}

async function userWithRole(role: Role) {
  const user = await createUserWithToken(db);
  await db.user.update({ where: { id: user.id }, data: { role } });
  return user;
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (error: unknown) =>
      error instanceof TRPCClientError ? ((error.data as { code?: string } | undefined)?.code ?? error.message) : String(error),
  );
}

describe("cross-site WebSocket hijacking: the session cookie counts only from the web app's own origin", () => {
  it("ignores the cookie of a connection from another origin, honours it from the app's origin", async () => {
    const victim = await createUserWithToken(db);
    const { cookie } = await signedInCookie(db, victim.id, AUTH_SECRET);
    const stream = await createLiveStream(db, victim.id);

    const fromApp = wsClient({ url: wsUrl, headers: { origin: APP_ORIGIN, cookie } });
    expect((await fromApp.api.account.me.query())?.id).toBe(victim.id);

    const fromElsewhere = wsClient({ url: wsUrl, headers: { origin: FOREIGN_ORIGIN, cookie } });
    expect(await fromElsewhere.api.account.me.query()).toBeNull();
    expect(await codeOf(fromElsewhere.api.chat.send.mutate({ streamId: stream.id, body: "hijacked" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(fromElsewhere.api.account.createApiToken.mutate({ name: "stolen" }))).toBe("UNAUTHORIZED");
    expect(await db.apiToken.count({ where: { userId: victim.id, name: "stolen" } })).toBe(0);
    expect(await db.chatMessage.count({ where: { streamId: stream.id } })).toBe(0);
  });

  it("signs API tokens in from any origin (a raw connection and the SDK), while that origin's cookie is ignored", async () => {
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    const cookieOnly = wsClient({
      url: wsUrl,
      headers: { origin: FOREIGN_ORIGIN, cookie: (await signedInCookie(db, owner.id, AUTH_SECRET)).cookie },
    });
    expect(await cookieOnly.api.account.me.query()).toBeNull();

    const raw = wsClient({ url: wsUrl, headers: { origin: FOREIGN_ORIGIN }, token: owner.token });
    expect((await raw.api.account.me.query())?.id).toBe(owner.id);

    // The SDK's subscriptions go over the WebSocket: a moderator-only feed starts only for a signed-in owner.
    const sdk = createOnAirClient({
      url: httpApi.url,
      wsUrl,
      token: owner.token,
      WebSocket: webSocketWithHeaders({ origin: FOREIGN_ORIGIN }),
    });
    toClose.push(sdk);
    let started = false;
    const subscription = sdk.api.moderation.onEvents.subscribe({ streamId: stream.id }, { onStarted: () => (started = true) });
    await waitFor(() => started, "the owner's moderation feed to start");
    subscription.unsubscribe();
  });
});

describe("open connections follow their identity (re-checked every sessionCheckMs)", () => {
  it("a revoked API token closes its socket (4001), and the reconnected client can no longer chat or mint tokens", async () => {
    const user = await createUserWithToken(db);
    const stream = await createLiveStream(db, user.id);
    const client = wsClient({ url: wsUrl, token: user.token });
    expect((await client.api.account.me.query())?.id).toBe(user.id);
    await client.api.chat.send.mutate({ streamId: stream.id, body: "before revocation" });

    const http = httpAs(user.token);
    const [token] = await http.account.apiTokens.query();
    await http.account.revokeApiToken.mutate({ id: token!.id });

    await waitFor(() => client.closeCodes.includes(4001), "the socket to close with 4001");
    expect(await client.api.account.me.query()).toBeNull();
    expect(await codeOf(client.api.chat.send.mutate({ streamId: stream.id, body: "after revocation" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(client.api.account.createApiToken.mutate({ name: "after revocation" }))).toBe("UNAUTHORIZED");
    expect(await db.chatMessage.findMany({ where: { streamId: stream.id }, select: { body: true } })).toEqual([
      { body: "before revocation" },
    ]);
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(1);
  });

  it("a global ban closes the banned user's socket (4003); reconnected, they cannot chat", async () => {
    const admin = await userWithRole("ADMIN");
    const user = await createUserWithToken(db);
    const stream = await createLiveStream(db, admin.id);
    const client = wsClient({ url: wsUrl, token: user.token });
    await client.api.chat.send.mutate({ streamId: stream.id, body: "before the ban" });

    await httpAs(admin.token).admin.ban.mutate({ userId: user.id, reason: "test" });

    await waitFor(() => client.closeCodes.includes(4003), "the socket to close with 4003");
    await expect(client.api.chat.send.mutate({ streamId: stream.id, body: "after the ban" })).rejects.toMatchObject({
      data: { code: "FORBIDDEN", reason: "BANNED" },
    });
    // A user who connects while banned is not thrown out again and again: they may still watch.
    const closesSoFar = client.closeCodes.length;
    await client.api.account.me.query();
    await wsServer.checkIdentities();
    expect(client.closeCodes.length).toBe(closesSoFar);
  });

  it("a role change closes the socket (4005): a demoted moderator's moderation feed and rights end", async () => {
    const admin = await userWithRole("ADMIN");
    const moderator = await userWithRole("MODERATOR");
    const stream = await createLiveStream(db, admin.id);
    const client = wsClient({ url: wsUrl, token: moderator.token });
    expect((await client.api.moderation.myStreams.query()).map((s) => s.id)).toContain(stream.id);
    const errors: string[] = [];
    let started = false;
    client.api.moderation.onEvents.subscribe(
      { streamId: stream.id },
      {
        onStarted: () => (started = true),
        onError: (error) => errors.push((error.data as { code?: string } | undefined)?.code ?? error.message),
      },
    );
    await waitFor(() => started, "the moderation feed to start");

    await httpAs(admin.token).admin.setRole.mutate({ userId: moderator.id, role: "VIEWER" });

    await waitFor(() => client.closeCodes.includes(4005), "the socket to close with 4005");
    // The client resubscribes on its new connection, which knows the new role.
    await waitFor(() => errors.length > 0, "the resubscription to be refused");
    expect(errors).toEqual(["FORBIDDEN"]);
    expect((await client.api.moderation.myStreams.query()).map((s) => s.id)).not.toContain(stream.id);
  });

  it("signing out (the server-side session row deleted) closes a session-cookie socket (4001); reconnected, it is anonymous", async () => {
    const user = await createUserWithToken(db);
    const stream = await createLiveStream(db, user.id);
    const { cookie, sessionToken } = await signedInCookie(db, user.id, AUTH_SECRET);
    const client = wsClient({ url: wsUrl, headers: { origin: APP_ORIGIN, cookie } });
    expect((await client.api.account.me.query())?.id).toBe(user.id);

    // What signing out does on the server (the sign-out route is the web app's).
    await db.session.delete({ where: { sessionToken } });

    await waitFor(() => client.closeCodes.includes(4001), "the socket to close with 4001");
    expect(await client.api.account.me.query()).toBeNull();
    expect(await codeOf(client.api.chat.send.mutate({ streamId: stream.id, body: "after sign-out" }))).toBe("UNAUTHORIZED");
  });

  it("keeps connections open while the database cannot be reached", async () => {
    const unreachable = createDbClient("postgres://postgres@127.0.0.1:1/unreachable");
    const watch = new IdentityWatch(unreachable, 60_000);
    const ended: IdentityEnd[] = [];
    watch.add({ user: { id: "gone-or-not", role: "VIEWER" }, credential: { kind: "apiToken", tokenId: "t" }, since: new Date() }, (end) =>
      ended.push(end),
    );
    await watch.check();
    await watch.check();
    expect(ended).toEqual([]);
    expect(watch.size).toBe(1);
    watch.stop();
    await unreachable.$disconnect();
  });
});

describe("per-connection limits", () => {
  it("closes a connection that sends a frame over 128 KiB with 1009", async () => {
    const socket = new WebSocket(wsUrl);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    socket.send(Buffer.alloc(131_072 + 1, "a").toString());
    expect(await closed).toBe(1009);
  });

  it("refuses subscription 51 on one connection with TOO_MANY_REQUESTS, and takes a new one after one stops", async () => {
    const owner = await createUserWithToken(db);
    const stream = await createLiveStream(db, owner.id);
    const client = wsClient({ url: wsUrl });
    const subscribe = () => {
      const state = { started: false, error: null as TRPCClientError<AppRouter> | null };
      const subscription = client.api.stream.onEvents.subscribe(
        { streamId: stream.id },
        { onStarted: () => (state.started = true), onError: (error) => (state.error = error) },
      );
      return { state, subscription };
    };
    const first50 = Array.from({ length: 50 }, subscribe);
    await waitFor(() => first50.every(({ state }) => state.started), "50 subscriptions to start");

    const refused = subscribe();
    await waitFor(() => refused.state.error !== null, "subscription 51 to be refused");
    expect(refused.state.error!.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.state.error!.message).toBe("Too many subscriptions: at most 50 per connection. Stop one before starting another.");

    first50[0]!.subscription.unsubscribe();
    const replacement = subscribe();
    await waitFor(() => replacement.state.started || replacement.state.error !== null, "the replacement to start");
    expect(replacement.state.error).toBeNull();
    for (const { subscription } of [...first50, replacement]) subscription.unsubscribe();
  });
});
