import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextInner } from "../src/context";
import type { StreamEvent } from "../src/events/types";
import type { AppQueues, JobQueue } from "../src/jobs";
import { createCaller } from "../src/root";
import { flashSaleChanged, startFlashSaleWorker } from "../src/services/shop/flash-sales";
import { callerFor, createStream, createUser, openTestEnv, testContext, type TestEnv } from "./fixtures";
import { jobQueueFixture } from "./jobs-fixtures";
import { addToShelf, createProduct, refusal } from "./shop-fixtures";
import { consume } from "./subscribe";

// Real PostgreSQL, the run's Redis (bus and presence) and real pg-boss queues (in a schema of this file's own).
let env: TestEnv;
const queues = jobQueueFixture();
let queue: JobQueue<AppQueues>;
beforeAll(async () => {
  env = openTestEnv({ redis: true, presence: { tickMs: 50, refreshMs: 200, ttlMs: 1_000 } });
  queue = await queues.start();
});
afterAll(async () => {
  await queues.dispose(env.db);
  await env.close();
});

type TestUser = Awaited<ReturnType<typeof createUser>>;

/** A caller whose jobs go to this file's queue. */
const api = (user: TestUser | null) => createCaller(createContextInner({ ...testContext(env, user), jobs: queue }));

/** A watching viewer's stream.onEvents, as a WebSocket client would have it. */
function watch(streamId: string, viewerKey: string) {
  const abort = new AbortController();
  const caller = callerFor(env, null, viewerKey, abort.signal);
  const feed = consume<StreamEvent>(
    (async function* () {
      yield* await caller.stream.onEvents({ streamId, watching: true });
    })(),
  );
  return { ...feed, stop: () => abort.abort() };
}

async function liveShop() {
  const owner = await createUser(env.db);
  const stream = await createStream(env.db, owner.id);
  const products = [];
  for (let index = 0; index < 4; index++) {
    products.push(await createProduct(env.db, owner.id, { title: `Product ${index}`, priceCents: 1000 + index }));
  }
  return { owner, stream, products };
}

async function metricsOf(streamId: string, productId: string) {
  const [row] = await env.db.$queryRaw<{ impressions: number; opens: number }[]>`
    SELECT COALESCE(sum(impressions), 0)::int AS impressions, COALESCE(sum(opens), 0)::int AS opens
    FROM shop_metric_minutes WHERE "streamId" = ${streamId} AND "productId" = ${productId}`;
  return row!;
}

const ids = (shelf: { productId: string }[]) => shelf.map((product) => product.productId);

describe("shelf", () => {
  it("adds, reorders, pins (at most 3), marks sold out and removes, and every viewer hears it", async () => {
    const { owner, stream, products } = await liveShop();
    const [a, b, c, d] = products.map((product) => product.id) as [string, string, string, string];
    await addToShelf(env.db, stream.id, a);
    const viewer = watch(stream.id, "viewer-key-shelf-1");
    const snapshot = await viewer.until((event) => event.type === "stream.snapshot");
    expect(snapshot).toMatchObject({ type: "stream.snapshot", shelf: [{ productId: a, position: 0, pinned: false }] });

    const owners = api(owner);
    expect(ids(await owners.shelf.add({ streamId: stream.id, productId: b }))).toEqual([a, b]);
    await owners.shelf.add({ streamId: stream.id, productId: c });
    const added = await owners.shelf.add({ streamId: stream.id, productId: d });
    expect(ids(added)).toEqual([a, b, c, d]);
    const shelfEvent = await viewer.until((event) => event.type === "products.shelf" && event.shelf.length === 4);
    expect(shelfEvent).toEqual({ type: "products.shelf", streamId: stream.id, shelf: added });
    expect(await refusal(owners.shelf.add({ streamId: stream.id, productId: b }))).toEqual({
      code: "CONFLICT",
      message: "That product is already on the shelf.",
    });

    const reordered = await owners.shelf.reorder({ streamId: stream.id, productIds: [d, c, b, a] });
    expect(reordered.map(({ productId, position }) => [productId, position])).toEqual([
      [d, 0],
      [c, 1],
      [b, 2],
      [a, 3],
    ]);
    await viewer.until((event) => event.type === "products.shelf" && event.shelf[0]?.productId === d);
    for (const wrong of [
      [d, c, b],
      [d, c, b, a, a],
      [d, c, b, "no-such-product"],
    ]) {
      expect(await refusal(owners.shelf.reorder({ streamId: stream.id, productIds: wrong }))).toMatchObject({ code: "BAD_REQUEST" });
    }

    for (const productId of [a, b, c]) await owners.shelf.pin({ streamId: stream.id, productId, pinned: true });
    const pinned = await viewer.until((event) => event.type === "products.pinned" && event.products.length === 3);
    expect(pinned).toMatchObject({ type: "products.pinned", streamId: stream.id });
    expect(ids((pinned as Extract<StreamEvent, { type: "products.pinned" }>).products)).toEqual([c, b, a]);
    expect(await refusal(owners.shelf.pin({ streamId: stream.id, productId: d, pinned: true }))).toEqual({
      code: "CONFLICT",
      message: "Unpin a product first: at most 3 can be pinned.",
    });
    expect(
      (await env.db.streamProduct.findUniqueOrThrow({ where: { streamId_productId: { streamId: stream.id, productId: d } } })).pinnedAt,
    ).toBeNull();
    await owners.shelf.pin({ streamId: stream.id, productId: b, pinned: false });
    const afterUnpin = await viewer.until(
      (event) => event.type === "products.pinned" && event.products.length === 2 && !ids(event.products).includes(b),
    );
    expect(ids((afterUnpin as Extract<StreamEvent, { type: "products.pinned" }>).products)).toEqual([c, a]);
    await owners.shelf.pin({ streamId: stream.id, productId: d, pinned: true });

    const soldOut = await owners.shelf.setSoldOut({ streamId: stream.id, productId: c, soldOut: true });
    expect(soldOut).toMatchObject({ productId: c, soldOut: true, stockLeft: 10 });
    expect(await viewer.until((event) => event.type === "products.updated" && event.product.productId === c)).toEqual({
      type: "products.updated",
      streamId: stream.id,
      product: soldOut,
    });
    // No stock left means sold out too.
    await env.db.productVariant.update({ where: { id: products[3]!.variants[0]!.id }, data: { stock: 0 } });
    expect((await api(null).shelf.list({ streamId: stream.id })).find((product) => product.productId === d)).toMatchObject({
      soldOut: true,
      stockLeft: 0,
    });

    const removed = await owners.shelf.remove({ streamId: stream.id, productId: c });
    expect(removed.map(({ productId, position }) => [productId, position])).toEqual([
      [d, 0],
      [b, 1],
      [a, 2],
    ]);
    await viewer.until((event) => event.type === "products.shelf" && event.shelf.length === 3);
    expect(await refusal(owners.shelf.remove({ streamId: stream.id, productId: c }))).toEqual({
      code: "NOT_FOUND",
      message: "That product is not on this stream's shelf.",
    });

    // A new viewer's snapshot carries the shelf as it is now.
    const late = watch(stream.id, "viewer-key-shelf-2");
    const lateSnapshot = await late.until((event) => event.type === "stream.snapshot");
    expect(lateSnapshot).toMatchObject({ shelf: removed.map((product) => ({ productId: product.productId, pinned: product.pinned })) });
    viewer.stop();
    late.stop();
  });

  it("offers only the stream owner's active products, at most 50", async () => {
    const owner = await createUser(env.db);
    const other = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const foreign = await createProduct(env.db, other.id);
    const archived = await createProduct(env.db, owner.id, { status: "ARCHIVED" });
    expect(await refusal(api(owner).shelf.add({ streamId: stream.id, productId: foreign.id }))).toEqual({
      code: "FORBIDDEN",
      message: "You can only offer the stream owner's products.",
    });
    expect(await refusal(api(owner).shelf.add({ streamId: stream.id, productId: archived.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusal(api(owner).shelf.add({ streamId: stream.id, productId: "no-such-product" }))).toEqual({
      code: "NOT_FOUND",
      message: "No product with that id.",
    });
    // An admin managing the stream still offers the owner's products only.
    const admin = await createUser(env.db, { role: "ADMIN" });
    const adminsOwn = await createProduct(env.db, admin.id);
    expect(await refusal(api(admin).shelf.add({ streamId: stream.id, productId: adminsOwn.id }))).toMatchObject({ code: "FORBIDDEN" });

    for (let index = 0; index < 50; index++) await addToShelf(env.db, stream.id, (await createProduct(env.db, owner.id)).id);
    const fiftyFirst = await createProduct(env.db, owner.id);
    expect(await refusal(api(owner).shelf.add({ streamId: stream.id, productId: fiftyFirst.id }))).toEqual({
      code: "CONFLICT",
      message: "A shelf holds at most 50 products: remove one first.",
    });
    expect(await env.db.streamProduct.count({ where: { streamId: stream.id } })).toBe(50);
  });

  it("lets the stream's moderators manage the shop only while the owner allows it; global moderators never", async () => {
    const { owner, stream, products } = await liveShop();
    await addToShelf(env.db, stream.id, products[0]!.id);
    const moderator = await createUser(env.db);
    const globalModerator = await createUser(env.db, { role: "MODERATOR" });
    await env.db.streamModerator.create({ data: { streamId: stream.id, userId: moderator.id, appointedById: owner.id } });
    const pin = (user: TestUser, pinned: boolean) => api(user).shelf.pin({ streamId: stream.id, productId: products[0]!.id, pinned });

    expect(await refusal(pin(moderator, true))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(api(moderator).shelf.setModeratorsAllowed({ streamId: stream.id, allowed: true }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await api(owner).shelf.setModeratorsAllowed({ streamId: stream.id, allowed: true })).toEqual({ allowed: true });
    expect(pinnedIds(await pin(moderator, true))).toEqual([products[0]!.id]);
    expect(await refusal(pin(globalModerator, false))).toMatchObject({ code: "FORBIDDEN" });
    expect(await api(owner).shelf.setModeratorsAllowed({ streamId: stream.id, allowed: false })).toEqual({ allowed: false });
    expect(await refusal(pin(moderator, false))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(pin(globalModerator, false))).toMatchObject({ code: "FORBIDDEN" });
    expect((await api(null).shelf.list({ streamId: stream.id }))[0]!.pinned).toBe(true);
  });

  it("shows shop managers the owner's active products not on the shelf yet (never anyone else's), to add them", async () => {
    const { owner, stream, products } = await liveShop();
    await addToShelf(env.db, stream.id, products[0]!.id);
    await env.db.product.update({ where: { id: products[3]!.id }, data: { status: "ARCHIVED" } });
    const stranger = await createUser(env.db);
    await createProduct(env.db, stranger.id, { title: "Someone else's" });
    const moderator = await createUser(env.db);
    await env.db.streamModerator.create({ data: { streamId: stream.id, userId: moderator.id, appointedById: owner.id } });
    await api(owner).shelf.setModeratorsAllowed({ streamId: stream.id, allowed: true });

    const offerable = async (user: TestUser) =>
      (await api(user).shelf.offerable({ streamId: stream.id })).items.map((item) => item.id).sort();
    const expected = [products[1]!.id, products[2]!.id].sort();
    expect(await offerable(owner)).toEqual(expected);
    expect(await offerable(moderator)).toEqual(expected);
    await api(moderator).shelf.add({ streamId: stream.id, productId: products[1]!.id });
    expect(await offerable(moderator)).toEqual([products[2]!.id]);
    expect(await refusal(api(stranger).shelf.offerable({ streamId: stream.id }))).toMatchObject({ code: "FORBIDDEN" });
  });
});

function pinnedIds(shelf: { productId: string; pinned: boolean }[]) {
  return shelf.filter((product) => product.pinned).map((product) => product.productId);
}

describe("flash sales", () => {
  it("refuses bad sales with specific errors and starts nothing", async () => {
    const { owner, stream, products } = await liveShop();
    const product = await createProduct(env.db, owner.id, {
      priceCents: 2000,
      variants: [
        { name: "S", stock: 5 },
        { name: "L", priceCents: 1500, stock: 5 },
      ],
    });
    await addToShelf(env.db, stream.id, product.id);
    const sale = { streamId: stream.id, productId: product.id, priceCents: 999, durationSeconds: 60, totalQuantity: 10, perBuyerLimit: 2 };
    const owners = api(owner);
    const bad: [object, string, RegExp][] = [
      [{ durationSeconds: 29 }, "BAD_REQUEST", /at least 30 seconds/],
      [{ durationSeconds: 1201 }, "BAD_REQUEST", /at most 20 minutes/],
      [{ startsInSeconds: 601 }, "BAD_REQUEST", /within 10 minutes/],
      // Below the product's price but not below the cheapest variant's (€15.00).
      [{ priceCents: 1500 }, "BAD_REQUEST", /below the product's lowest price \(€15\.00\)/],
      [{ priceCents: 1999 }, "BAD_REQUEST", /below the product's lowest price/],
      [{ priceCents: -1 }, "BAD_REQUEST", /negative/],
      [{ perBuyerLimit: 11 }, "BAD_REQUEST", /per-buyer limit cannot exceed/],
      [{ totalQuantity: 0 }, "BAD_REQUEST", /totalQuantity/],
      [{ productId: products[0]!.id }, "NOT_FOUND", /not on this stream's shelf/],
    ];
    for (const [change, code, message] of bad) {
      const refused = await refusal(owners.shelf.startFlashSale({ ...sale, ...change }));
      expect(refused.code, JSON.stringify(change)).toBe(code);
      expect(refused.message, JSON.stringify(change)).toMatch(message);
    }
    expect(await env.db.flashSale.count({ where: { streamId: stream.id } })).toBe(0);

    const started = await owners.shelf.startFlashSale({ ...sale, startsInSeconds: 120 });
    expect(started).toMatchObject({ productId: product.id, priceCents: 999, totalQuantity: 10, remaining: 10, perBuyerLimit: 2 });
    expect(started.endsAt.getTime() - started.startsAt.getTime()).toBe(60_000);
    expect(await refusal(owners.shelf.startFlashSale(sale))).toEqual({
      code: "CONFLICT",
      message: "This product already has a flash sale running or coming up: stop it first.",
    });
    expect(await env.db.flashSale.count({ where: { streamId: stream.id } })).toBe(1);
    expect(await env.db.moderationLog.count({ where: { streamId: stream.id, action: "FLASH_SALE_START" } })).toBe(1);
    // The start and the end, queued with the sale for their moments.
    const jobs = await env.db.$queryRawUnsafe<{ data: { flashSaleId: string; moment: string }; start_after: Date }[]>(
      `SELECT data, start_after FROM "${queues.schema}".job WHERE name = 'shop.flashSaleChanged' AND data->>'flashSaleId' = $1 ORDER BY start_after`,
      started.id,
    );
    expect(jobs.map((job) => [job.data.moment, job.start_after.getTime()])).toEqual([
      ["start", started.startsAt.getTime()],
      ["end", started.endsAt.getTime()],
    ]);
  });

  it("shows the deal to viewers, stops it on request, and reverts by itself at the end through the worker", async () => {
    const { owner, stream, products } = await liveShop();
    const product = products[0]!;
    await addToShelf(env.db, stream.id, product.id, { pinned: true });
    const viewer = watch(stream.id, "viewer-key-flash");
    await viewer.until((event) => event.type === "stream.snapshot");
    const owners = api(owner);

    const sale = await owners.shelf.startFlashSale({
      streamId: stream.id,
      productId: product.id,
      priceCents: 500,
      durationSeconds: 30,
      startsInSeconds: 0,
      totalQuantity: 20,
      perBuyerLimit: 3,
    });
    const deal = await viewer.until((event) => event.type === "products.updated" && event.product.flashSale?.id === sale.id);
    expect(deal).toMatchObject({ product: { priceCents: 1000, flashSale: { priceCents: 500, remaining: 20, perBuyerLimit: 3 } } });

    // The end moment: the sale's time is up (moved to now, as if 30 s had passed) and its end job falls due.
    await env.db
      .$executeRaw`UPDATE flash_sales SET "startsAt" = now() - interval '31 seconds', "endsAt" = now() - interval '1 second' WHERE id = ${sale.id}`;
    await env.db.$executeRawUnsafe(
      `UPDATE "${queues.schema}".job SET start_after = now() WHERE name = 'shop.flashSaleChanged' AND data->>'flashSaleId' = $1`,
      sale.id,
    );
    await startFlashSaleWorker(queue, { db: env.db, bus: env.bus });
    const reverted = await viewer.until(
      (event) => event.type === "products.updated" && event.product.productId === product.id && event.product.flashSale === null,
    );
    expect(reverted).toMatchObject({ streamId: stream.id, product: { priceCents: 1000, flashSale: null, pinned: true } });

    // Stopping early: cancelled at once, audited, viewers see the normal price.
    const second = await owners.shelf.startFlashSale({
      streamId: stream.id,
      productId: product.id,
      priceCents: 700,
      durationSeconds: 600,
      startsInSeconds: 0,
      totalQuantity: 5,
      perBuyerLimit: 1,
    });
    await viewer.until((event) => event.type === "products.updated" && event.product.flashSale?.id === second.id);
    const stopped = await owners.shelf.stopFlashSale({ streamId: stream.id, flashSaleId: second.id });
    expect(stopped).toMatchObject({ productId: product.id, flashSale: null });
    expect(
      await viewer.until((event) => event.type === "products.updated" && event.product.flashSale === null && event !== reverted),
    ).toBeTruthy();
    expect((await env.db.flashSale.findUniqueOrThrow({ where: { id: second.id } })).cancelledAt).not.toBeNull();
    expect(await env.db.moderationLog.count({ where: { streamId: stream.id, action: "FLASH_SALE_STOP" } })).toBe(1);
    expect(await refusal(owners.shelf.stopFlashSale({ streamId: stream.id, flashSaleId: second.id }))).toEqual({
      code: "CONFLICT",
      message: "That flash sale has already ended.",
    });
    // Taking the product off the shelf stops its sale too.
    const third = await owners.shelf.startFlashSale({
      streamId: stream.id,
      productId: product.id,
      priceCents: 800,
      durationSeconds: 60,
      startsInSeconds: 30,
      totalQuantity: 5,
      perBuyerLimit: 1,
    });
    await owners.shelf.remove({ streamId: stream.id, productId: product.id });
    expect((await env.db.flashSale.findUniqueOrThrow({ where: { id: third.id } })).cancelledAt).not.toBeNull();
    // Nor are there flash sales once the stream has ended.
    await addToShelf(env.db, stream.id, product.id);
    await env.db.liveStream.update({ where: { id: stream.id }, data: { status: "ENDED", endedAt: new Date() } });
    expect(
      await refusal(
        owners.shelf.startFlashSale({
          streamId: stream.id,
          productId: product.id,
          priceCents: 800,
          durationSeconds: 60,
          totalQuantity: 5,
          perBuyerLimit: 1,
        }),
      ),
    ).toEqual({ code: "CONFLICT", message: "This stream has ended: flash sales run during a stream." });
    // The handler the worker runs does nothing harmful for a sale that no longer exists.
    await flashSaleChanged({ db: env.db, bus: env.bus }, { flashSaleId: "no-such-sale", moment: "end" });
    viewer.stop();
  });
});

describe("shop figures", () => {
  it("counts impressions exactly: the viewers present at a pin, then each viewer who joins while pinned", async () => {
    const { owner, stream, products } = await liveShop();
    const product = products[0]!;
    await addToShelf(env.db, stream.id, product.id);
    const viewers = [watch(stream.id, "viewer-key-imp-1"), watch(stream.id, "viewer-key-imp-2"), watch(stream.id, "viewer-key-imp-3")];
    for (const viewer of viewers) await viewer.until((event) => event.type === "stream.snapshot");
    await expect.poll(() => env.realtime.presence.count(stream.id)).toBe(3);
    // Nothing pinned when they joined: no impressions yet.
    expect(await metricsOf(stream.id, product.id)).toEqual({ impressions: 0, opens: 0 });

    await api(owner).shelf.pin({ streamId: stream.id, productId: product.id, pinned: true });
    expect((await metricsOf(stream.id, product.id)).impressions).toBe(3);
    // Pinning what is already pinned counts nothing.
    await api(owner).shelf.pin({ streamId: stream.id, productId: product.id, pinned: true });
    expect((await metricsOf(stream.id, product.id)).impressions).toBe(3);

    const late = watch(stream.id, "viewer-key-imp-4");
    const snapshot = await late.until((event) => event.type === "stream.snapshot");
    expect(snapshot).toMatchObject({ shelf: [{ productId: product.id, pinned: true }] });
    await expect.poll(async () => (await metricsOf(stream.id, product.id)).impressions).toBe(4);
    for (const viewer of [...viewers, late]) viewer.stop();
  });

  it("counts opens exactly, once a minute per client and product", async () => {
    const { stream, products } = await liveShop();
    const [product, other] = [products[0]!, products[1]!];
    await addToShelf(env.db, stream.id, product.id);
    await addToShelf(env.db, stream.id, other.id);
    const [alice, bob] = [await createUser(env.db), await createUser(env.db)];
    const open = (user: TestUser, productId: string) => api(user).shelf.recordOpen({ streamId: stream.id, productId });

    expect(await open(alice, product.id)).toEqual({ recorded: true });
    expect(await open(alice, product.id)).toEqual({ recorded: false });
    expect(await open(bob, product.id)).toEqual({ recorded: true });
    expect(await open(alice, other.id)).toEqual({ recorded: true });
    expect(await metricsOf(stream.id, product.id)).toEqual({ impressions: 0, opens: 2 });
    expect(await metricsOf(stream.id, other.id)).toEqual({ impressions: 0, opens: 1 });

    const offShelf = await createProduct(env.db, (await createUser(env.db)).id);
    expect(await refusal(open(alice, offShelf.id))).toEqual({ code: "NOT_FOUND", message: "That product is not on this stream's shelf." });
  });
});
