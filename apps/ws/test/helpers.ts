import type { ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { appRouter, createContextFactory, DEFAULT_LIMITS, Limits, RateLimitStore, type AppRouter } from "@onair/api";
import type { EventBus } from "@onair/api/events";
import { generateApiToken, startSession } from "@onair/auth";
import type { Db } from "@onair/db";
import { freePort } from "@onair/db/dev";
import { createOnAirClient, type OnAirClient } from "@onair/sdk";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import WebSocket from "ws";

/** The router over HTTP at /api/trpc, standing in for the web app's route handler. */
export async function startHttpApi(deps: {
  db: Db;
  bus: EventBus;
  authSecret: string;
  /** Defaults to in-memory limits with the default allowances. */
  limits?: Limits;
}): Promise<{ url: string; close(): Promise<void> }> {
  const createContext = createContextFactory({ ...deps, limits: deps.limits ?? generousLimits() });
  const server: Server = createServer(
    createHTTPHandler({ router: appRouter, basePath: "/api/trpc/", createContext: ({ req }) => createContext({ headers: req.headers }) }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Limits that tests not about limits never reach (they send many messages quickly from one user). */
export function generousLimits(): Limits {
  return new Limits(new RateLimitStore(), {
    ...DEFAULT_LIMITS,
    chat: { ...DEFAULT_LIMITS.chat, userMessages: 100_000, ipMessages: 100_000 },
  });
}

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** A user with a personal API token, as an integrator's bot would have. */
export async function createUserWithToken(db: Db): Promise<{ id: string; token: string }> {
  const suffix = randomSuffix();
  const user = await db.user.create({ data: { username: `ws_${suffix}`, email: `ws_${suffix}@test.onair` } });
  const { token, tokenHash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { userId: user.id, name: "test", tokenHash, prefix } });
  return { id: user.id, token };
}

export function createLiveStream(db: Db, ownerId: string) {
  return db.liveStream.create({
    data: { slug: `ws-${randomSuffix()}`, title: "WS test", ownerId, status: "LIVE", videoSource: "x" },
  });
}

/** An SDK client on Node 20 (which has no global WebSocket). */
export function createSdkClient(options: { url: string; wsUrl: string | (() => string); token?: string }): OnAirClient {
  return createOnAirClient({ ...options, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
}

/** Runs apps/ws/src/main.ts as a child process and resolves once it listens. */
export async function startWsProcess(env: Record<string, string>): Promise<ChildProcess> {
  const { spawn } = await import("node:child_process");
  const path = await import("node:path");
  const { fileURLToPath } = await import("node:url");
  const wsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: wsDir,
    // Generous chat limits unless a test sets its own: most tests send many messages from one user.
    env: { ...process.env, WS_HOST: "127.0.0.1", CHAT_USER_RATE_LIMIT: "99999/1", CHAT_IP_RATE_LIMIT: "99999/1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ws process did not start:\n${output}`)), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("tRPC WebSocket server on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`ws process exited with ${code}:\n${output}`));
    });
  });
  return child;
}

/** What every instance of a test cluster shares: the database, one Redis and its key prefix, the auth secret. */
export interface TestCluster {
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  authSecret: string;
}

/** One more apps/ws process of the cluster, on a free port. */
export async function startClusterInstance(cluster: TestCluster, extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  const child = await startWsProcess({
    DATABASE_URL: cluster.databaseUrl,
    REDIS_URL: cluster.redisUrl,
    REDIS_KEY_PREFIX: cluster.keyPrefix,
    AUTH_SECRET: cluster.authSecret,
    WS_PORT: String(port),
    ...extraEnv,
  });
  return { port, child, url: `ws://127.0.0.1:${port}` };
}

export function processExited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A signed-in browser's Cookie header for this user, as the web app issues it: a
 * server-side session row, named by a JWT signed with the shared AUTH_SECRET.
 */
export async function signedInCookie(db: Db, userId: string, authSecret: string): Promise<{ cookie: string; sessionToken: string }> {
  const { encode } = await import("next-auth/jwt");
  const sessionToken = await startSession(db, userId);
  return {
    cookie: `next-auth.session-token=${await encode({ token: { sub: userId, sid: sessionToken }, secret: authSecret })}`,
    sessionToken,
  };
}

/** A `ws` WebSocket class that sends these headers on its upgrade (Origin, Cookie), as a browser would. */
export function webSocketWithHeaders(headers: Record<string, string>): typeof globalThis.WebSocket {
  class HeaderWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

/**
 * A tRPC client that sends everything (queries, mutations, subscriptions) over one
 * WebSocket, recording the close codes it sees; it reconnects as wsLink does.
 */
export function createWsOnlyClient(options: { url: string | (() => string); headers?: Record<string, string>; token?: string }) {
  const closeCodes: number[] = [];
  const wsClient = createWSClient({
    url: options.url,
    WebSocket: webSocketWithHeaders(options.headers ?? {}),
    ...(options.token ? { connectionParams: { token: options.token } } : {}),
    retryDelayMs: () => 100,
    onClose: (cause) => void closeCodes.push(cause?.code ?? 0),
  });
  const api = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  return { api, closeCodes, close: () => wsClient.close() };
}
