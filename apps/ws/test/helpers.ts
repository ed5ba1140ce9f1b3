import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { appRouter, createContextFactory } from "@onair/api";
import type { EventBus } from "@onair/api/events";
import { generateApiToken } from "@onair/auth";
import type { Db } from "@onair/db";
import { createOnAirClient, type OnAirClient } from "@onair/sdk";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import WebSocket from "ws";

/** The router over HTTP at /api/trpc, standing in for the web app's route handler. */
export async function startHttpApi(deps: { db: Db; bus: EventBus; authSecret: string }): Promise<{ url: string; close(): Promise<void> }> {
  const createContext = createContextFactory(deps);
  const server: Server = createServer(
    createHTTPHandler({ router: appRouter, basePath: "/api/trpc/", createContext: ({ req }) => createContext({ headers: req.headers }) }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
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
export function createSdkClient(options: { url: string; wsUrl: string; token?: string }): OnAirClient {
  return createOnAirClient({ ...options, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
}
