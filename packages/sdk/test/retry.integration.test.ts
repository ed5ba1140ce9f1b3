import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { appRouter, createContextFactory, Limits, RateLimitStore } from "@onair/api";
import { createEventBus, type EventBus } from "@onair/api/events";
import { createJobQueue, type JobQueue } from "@onair/api/jobs";
import { LocalDiskStorage } from "@onair/api/storage";
import { generateApiToken } from "@onair/auth";
import { createDbClient, type Db } from "@onair/db";
import { TRPCClientError } from "@trpc/client";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import WebSocket from "ws";
import { createOnAirClient, MAX_ATTEMPTS, MAX_BATCH_ITEMS, type OnAirClient } from "../src";

/**
 * Item 11 of the hardening issue: the SDK gives creating mutations a requestId
 * and retries them (and queries) when the connection drops, so a send whose
 * answer was lost is stored once; mutations without a requestId are never
 * retried; HTTP batches hold at most MAX_BATCH_ITEMS calls.
 */

const AUTH_SECRET = "sdk-retry-secret-sdk-retry-secret";

let db: Db;
let bus: EventBus;
let limits: Limits;
/** Checkout sends its hold's release job (nothing works the queue here). */
let jobs: JobQueue;
let server: Server;
let url: string;
let token: string;
let userId: string;
/** Where the server stores uploads (a temporary directory). */
let mediaDir: string;
const clients: OnAirClient[] = [];

/** Every tRPC request the server received: its procedure paths (one per batched call). */
const received: string[][] = [];
/** Procedures whose next request the server runs, then drops the connection instead of answering. */
const dropNext = new Map<string, number>();

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl);
  bus = createEventBus({ databaseUrl });
  limits = new Limits(new RateLimitStore());
  mediaDir = await mkdtemp(path.join(tmpdir(), "onair-sdk-media-"));
  const media = { storage: new LocalDiskStorage(mediaDir), agora: null, rtmpUrl: "rtmp://sdk.test:1935/live" };
  jobs = createJobQueue({ databaseUrl, schema: `pgboss_sdk_${Math.random().toString(36).slice(2, 10)}`, maxConnections: 2 });
  const createContext = createContextFactory({ db, bus, limits, authSecret: AUTH_SECRET, media, jobs });
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: ({ req }) => createContext({ headers: req.headers }),
  });
  server = createServer((req, res) => {
    const paths = decodeURIComponent(new URL(req.url!, "http://x").pathname.replace("/api/trpc/", "")).split(",");
    received.push(paths);
    const dropped = paths.find((path) => (dropNext.get(path) ?? 0) > 0);
    if (dropped) {
      dropNext.set(dropped, dropNext.get(dropped)! - 1);
      // The procedure runs (the message is stored); its answer is lost with the connection.
      res.write = () => {
        req.socket.destroy();
        return true;
      };
      res.end = () => {
        req.socket.destroy();
        return res;
      };
    }
    void trpc(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;

  const suffix = Math.random().toString(36).slice(2, 10);
  const user = await db.user.create({ data: { username: `sdk_${suffix}`, email: `sdk_${suffix}@test.onair` } });
  userId = user.id;
  const created = generateApiToken();
  await db.apiToken.create({ data: { userId, name: "sdk", tokenHash: created.tokenHash, prefix: created.prefix } });
  token = created.token;
});

afterEach(() => {
  received.length = 0;
  dropNext.clear();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await jobs.stop({ timeoutMs: 1_000 });
  await limits.close();
  await bus.close();
  await db.$disconnect();
  await rm(mediaDir, { recursive: true, force: true });
});

function client(): OnAirClient["api"] {
  const created = createOnAirClient({
    url,
    wsUrl: "ws://127.0.0.1:9",
    token,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  clients.push(created);
  return created.api;
}

async function liveStream() {
  return db.liveStream.create({
    data: { slug: `sdk-${Math.random().toString(36).slice(2, 10)}`, title: "SDK retry", ownerId: userId, status: "LIVE", videoSource: "x" },
  });
}

const callsTo = (path: string) => received.flat().filter((candidate) => candidate === path).length;

describe("SDK retries on a dropped connection", () => {
  it("a send whose answer is lost is retried with its requestId and stored once", async () => {
    const stream = await liveStream();
    dropNext.set("chat.send", 1);
    const result = await client().chat.send.mutate({ streamId: stream.id, body: "stored once" });
    expect(result.status).toBe("VISIBLE");
    expect(result.message.body).toBe("stored once");
    expect(callsTo("chat.send")).toBe(2);
    const stored = await db.chatMessage.findMany({ where: { streamId: stream.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.clientMessageId).toMatch(/^[0-9a-f]{32}$/);
    expect(stored[0]!.id).toBe(result.message.id);
  });

  it("an API token whose answer is lost comes back the same on the retry", async () => {
    const before = await db.apiToken.count({ where: { userId } });
    dropNext.set("account.createApiToken", 1);
    const created = await client().account.createApiToken.mutate({ name: "retried" });
    expect(callsTo("account.createApiToken")).toBe(2);
    expect(await db.apiToken.count({ where: { userId } })).toBe(before + 1);
    expect(created.token).toMatch(/^onair_/);
  });

  it("only safe calls are retried: queries up to MAX_ATTEMPTS times, not plain mutations or answered errors", async () => {
    dropNext.set("stream.list", 1);
    expect(await client().stream.list.query({ status: "LIVE" })).toBeDefined();
    expect(callsTo("stream.list")).toBe(2);

    received.length = 0;
    dropNext.set("stream.list", 100);
    await expect(client().stream.list.query({ status: "LIVE" })).rejects.toBeInstanceOf(TRPCClientError);
    expect(callsTo("stream.list")).toBe(MAX_ATTEMPTS);

    // Mutations without a requestId are not retried, nor are errors the server answered.
    const stream = await liveStream();
    dropNext.set("stream.setLike", 1);
    await expect(client().stream.setLike.mutate({ streamId: stream.id, liked: true })).rejects.toBeInstanceOf(TRPCClientError);
    expect(callsTo("stream.setLike")).toBe(1);

    await expect(client().chat.send.mutate({ streamId: "no-such-stream", body: "hi" })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    expect(callsTo("chat.send")).toBe(1);
  });

  it(`sends at most ${MAX_BATCH_ITEMS} calls per HTTP batch`, async () => {
    const api = client();
    await Promise.all(Array.from({ length: 25 }, () => api.stream.list.query({ status: "LIVE" })));
    expect(received.flat()).toHaveLength(25);
    expect(Math.max(...received.map((paths) => paths.length))).toBeLessThanOrEqual(MAX_BATCH_ITEMS);
  });
});

describe("SDK: the studio", () => {
  /** A 1×1 PNG. */
  const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

  it("a stream.create whose answer is lost is retried with its requestId and creates one stream", async () => {
    await db.user.update({ where: { id: userId }, data: { canCreateStreams: true } });
    const before = await db.liveStream.count({ where: { ownerId: userId } });
    dropNext.set("stream.create", 1);
    const created = await client().stream.create.mutate({ title: "Retried create", video: { provider: "YOUTUBE", source: "dQw4w9WgXcQ" } });
    expect(callsTo("stream.create")).toBe(2);
    expect(await db.liveStream.count({ where: { ownerId: userId } })).toBe(before + 1);
    expect((await db.liveStream.findUniqueOrThrow({ where: { id: created.id } })).createRequestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("uploads a thumbnail as multipart FormData in a request of its own, next to batched calls", async () => {
    const stream = await liveStream();
    const form = new FormData();
    form.set("streamId", stream.id);
    form.set("file", new Blob([new Uint8Array(PNG)], { type: "image/png" }), "pixel.png");
    const api = client();
    const [uploaded, live] = await Promise.all([api.studio.uploadThumbnail.mutate(form), api.stream.list.query({ status: "LIVE" })]);
    expect(uploaded.thumbnailUrl).toMatch(new RegExp(`^/media/thumbnails/${stream.id}-[0-9a-f]{16}\\.webp$`));
    expect(live.items).toBeDefined();
    expect(received).toContainEqual(["studio.uploadThumbnail"]);
    expect(await readdir(path.join(mediaDir, "thumbnails"))).toEqual([path.basename(uploaded.thumbnailUrl)]);

    const notAnImage = new FormData();
    notAnImage.set("streamId", stream.id);
    notAnImage.set("file", new Blob(["plain text"], { type: "image/png" }), "notes.png");
    await expect(api.studio.uploadThumbnail.mutate(notAnImage)).rejects.toMatchObject({
      message: "Thumbnails must be JPEG, PNG or WebP images.",
    });
  });
});

describe("SDK: live shopping", () => {
  it("a checkout.start and a checkout.place whose answers are lost are retried: one hold, one order", async () => {
    const stream = await liveStream();
    const product = await db.product.create({
      data: {
        ownerId: userId,
        title: "SDK mug",
        priceCents: 1250,
        currency: "EUR",
        variants: { create: [{ name: "", position: 0, stock: 5 }] },
      },
      select: { id: true, variants: { select: { id: true } } },
    });
    await db.streamProduct.create({ data: { streamId: stream.id, productId: product.id, position: 0 } });
    const api = client();

    dropNext.set("checkout.start", 1);
    const checkout = await api.checkout.start.mutate({
      streamId: stream.id,
      productId: product.id,
      variantId: product.variants[0]!.id,
      quantity: 2,
      expectedUnitPriceCents: 1250,
    } as Parameters<typeof api.checkout.start.mutate>[0]);
    expect(callsTo("checkout.start")).toBe(2);
    expect(await db.checkout.count({ where: { productId: product.id } })).toBe(1);
    expect((await db.productVariant.findUniqueOrThrow({ where: { id: product.variants[0]!.id } })).stock).toBe(3);

    dropNext.set("checkout.place", 1);
    const placed = await api.checkout.place.mutate({
      checkoutId: checkout.id,
      shippingAddress: { name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" },
      paymentMethod: "COD",
    });
    expect(callsTo("checkout.place")).toBe(2);
    expect(await db.order.count({ where: { productId: product.id } })).toBe(1);
    expect(placed.order.quantity).toBe(2);
  });
});
