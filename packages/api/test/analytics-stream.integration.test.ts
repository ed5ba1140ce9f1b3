import type { Db, OrderStatus } from "@onair/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { collectStreamMetrics } from "../src/services/analytics/collector";
import { streamAnalyticsCsv } from "../src/services/analytics/csv";
import { ANALYTICS_READS } from "../src/services/analytics/access";
import { sessionUserSelect } from "../src/services/account/session-user";
import { describeZodError } from "../src/trpc-errors";
import { createScenario, minuteAt, SCENARIO_SUMMARY, type Scenario } from "./analytics-fixtures";
import { callerFor, codeOf, createStream, createUser, openTestEnv, unique, type TestEnv } from "./fixtures";
import { addToShelf, createProduct, refusal, type CreatedProduct } from "./shop-fixtures";

/**
 * stream.analytics, its CSV, admin.analyticsOverview and who may read them.
 * Streams are built in eras of 2023 (the collector's tests use 2024), so
 * collector runs with a fixed `now` never reach another file's streams.
 */

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

const plus = (date: Date, minutes: number, seconds = 0) => new Date(date.getTime() + (minutes * 60 + seconds) * 1000);

/** An order straight in the database (with the checkout it came from). */
async function createOrder(
  db: Db,
  options: { buyerId: string; product: CreatedProduct; streamId: string; quantity: number; status: OrderStatus },
) {
  const { buyerId, product, streamId, quantity, status } = options;
  const variant = product.variants[0]!;
  const checkout = await db.checkout.create({
    data: {
      userId: buyerId,
      streamId,
      productId: product.id,
      variantId: variant.id,
      quantity,
      unitPriceCents: product.priceCents,
      currency: product.currency,
      status: "PLACED",
      expiresAt: new Date(),
      requestId: unique("req-"),
    },
  });
  return db.order.create({
    data: {
      number: unique("A-"),
      checkoutId: checkout.id,
      userId: buyerId,
      sellerId: product.ownerId,
      productId: product.id,
      variantId: variant.id,
      streamId,
      productTitle: product.title,
      variantName: variant.name,
      quantity,
      unitPriceCents: product.priceCents,
      totalCents: product.priceCents * quantity,
      currency: product.currency,
      status,
      shippingAddress: { name: "Ada Buyer", line1: "1 Market Street", city: "Berlin", postalCode: "10115", country: "DE" },
      paymentProvider: "COD",
    },
  });
}

/**
 * The scenario (analytics-fixtures.ts) plus shopping: a mug (EUR 12.50) and a
 * cap (USD 9.00); shop minutes at 2 and 4; orders: 2 mugs (paid), 1 cap
 * (pending), 1 mug (fulfilled), 1 mug (cancelled: not counted); and moments.
 */
async function createShoppingScenario(base: Date, options: { ownerId?: string; title?: string } = {}) {
  const scenario = await createScenario(env.db, base, options);
  const [mug, cap] = await Promise.all([
    createProduct(env.db, scenario.ownerId, { title: "Mug", priceCents: 1250, currency: "EUR" }),
    createProduct(env.db, scenario.ownerId, { title: "Cap", priceCents: 900, currency: "USD" }),
  ]);
  const shopMinute = (product: CreatedProduct, minute: number, figures: { checkoutsStarted: number; orders: number; units: number }) => ({
    streamId: scenario.streamId,
    productId: product.id,
    minute: plus(base, minute),
    currency: product.currency,
    revenueCents: BigInt(figures.units * product.priceCents),
    ...figures,
  });
  await env.db.shopMetricMinute.createMany({
    data: [
      shopMinute(mug, 2, { checkoutsStarted: 2, orders: 1, units: 2 }),
      shopMinute(cap, 2, { checkoutsStarted: 0, orders: 1, units: 1 }),
      shopMinute(mug, 4, { checkoutsStarted: 1, orders: 1, units: 1 }),
    ],
  });
  const buyer = await createUser(env.db);
  const order = (product: CreatedProduct, quantity: number, status: OrderStatus) =>
    createOrder(env.db, { buyerId: buyer.id, product, streamId: scenario.streamId, quantity, status });
  await order(mug, 2, "PAID");
  await order(cap, 1, "PENDING");
  await order(mug, 1, "FULFILLED");
  await order(mug, 1, "CANCELLED");

  const log = (action: "PRODUCT_PIN" | "PRODUCT_UNPIN" | "FLASH_SALE_START" | "SHIELD_ON" | "SHIELD_OFF" | "MESSAGE_DELETE") =>
    ({ streamId: scenario.streamId, actorId: scenario.ownerId, action }) as const;
  await env.db.moderationLog.createMany({
    data: [
      { ...log("PRODUCT_PIN"), createdAt: plus(base, 1), details: { productId: mug.id, title: "Mug" } },
      {
        ...log("FLASH_SALE_START"),
        createdAt: plus(base, 2),
        details: { productId: mug.id, priceCents: 900, currency: "EUR", startsAt: plus(base, 2, 30).toISOString() },
      },
      { ...log("MESSAGE_DELETE"), createdAt: plus(base, 2, 15) },
      { ...log("SHIELD_ON"), createdAt: plus(base, 3) },
      { ...log("SHIELD_OFF"), createdAt: plus(base, 3, 30) },
      // No title in the entry: the product's is looked up.
      { ...log("PRODUCT_UNPIN"), createdAt: plus(base, 4), details: { productId: mug.id } },
    ],
  });
  // The sale ran its course (nobody stopped it): its end is a moment too.
  await env.db.flashSale.create({
    data: {
      streamId: scenario.streamId,
      productId: mug.id,
      priceCents: 900,
      startsAt: plus(base, 2, 30),
      endsAt: plus(base, 4, 30),
      totalQuantity: 10,
      perBuyerLimit: 2,
      createdById: scenario.ownerId,
    },
  });
  return { ...scenario, mug, cap };
}

async function ownerOf(scenario: Scenario) {
  return env.db.user.findUniqueOrThrow({ where: { id: scenario.ownerId }, select: sessionUserSelect });
}

describe("stream.analytics", () => {
  it("returns the exact summary, the series with its shopping figures, the moments and the previous streams", async () => {
    const base = minuteAt("2023-06-10T10:00:00Z");
    const scenario = await createShoppingScenario(base);
    // Two earlier streams of the same owner (the same figures), one that never went live, one later.
    const earlier = await createScenario(env.db, minuteAt("2023-02-10T10:00:00Z"), { ownerId: scenario.ownerId, title: "First" });
    const middle = await createScenario(env.db, minuteAt("2023-04-10T10:00:00Z"), { ownerId: scenario.ownerId, title: "Second" });
    await createScenario(env.db, minuteAt("2023-08-10T10:00:00Z"), { ownerId: scenario.ownerId, title: "Later" });
    await createStream(env.db, scenario.ownerId, "SCHEDULED");
    await collectStreamMetrics({ db: env.db }, { now: plus(base, 20) });

    const view = await callerFor(env, await ownerOf(scenario)).stream.analytics({ streamId: scenario.streamId });

    expect(view.stream).toEqual({
      id: scenario.streamId,
      slug: scenario.slug,
      title: "Analytics scenario",
      status: "ENDED",
      startedAt: scenario.startedAt,
      endedAt: scenario.endedAt,
    });
    expect(view.summary).toEqual({
      durationSeconds: 285,
      peakViewers: 3,
      averageViewers: 510 / 285,
      uniqueViewers: 4,
      watchSeconds: 510,
      averageWatchSeconds: 127.5,
      chatMessages: 5,
      chatters: 3,
      likers: 2,
      chatEngagement: 0.75,
      likeEngagement: 0.5,
      newFollowers: 2,
      checkoutsStarted: 3,
      orders: 3,
      units: 4,
      revenue: [
        { currency: "EUR", cents: 3750 },
        { currency: "USD", cents: 900 },
      ],
    });
    // The summary agrees with the minutes wherever summing minutes is right.
    const sum = (key: "watchSeconds" | "messages" | "likes" | "follows") => view.series.reduce((total, minute) => total + minute[key], 0);
    expect([sum("watchSeconds"), sum("messages"), sum("likes"), sum("follows")]).toEqual([510, 5, 2, 2]);
    expect(Math.max(...view.series.map((minute) => minute.viewersMax))).toBe(view.summary.peakViewers);

    expect(view.seriesCurrency).toBe("EUR");
    expect(view.collectedThrough).toEqual(plus(base, 6));
    expect(view.series.map((minute) => minute.minute)).toEqual([0, 1, 2, 3, 4, 5].map((offset) => plus(base, offset)));
    expect(view.series[2]).toEqual({
      minute: plus(base, 2),
      viewersAvg: 170 / 60,
      viewersMax: 3,
      uniqueViewers: 3,
      watchSeconds: 170,
      messages: 1,
      chatters: 1,
      likes: 2,
      follows: 0,
      // Both products' counts; revenue in the series' currency (EUR) only.
      checkoutsStarted: 2,
      orders: 2,
      units: 3,
      revenueCents: 2500,
    });
    expect(view.series[4]).toMatchObject({ checkoutsStarted: 1, orders: 1, units: 1, revenueCents: 1250 });
    expect(view.series[0]).toMatchObject({ checkoutsStarted: 0, orders: 0, units: 0, revenueCents: 0 });

    expect(view.moments).toEqual([
      { at: plus(base, 0, 30), kind: "STREAM_STARTED", label: "Went live" },
      { at: plus(base, 1), kind: "PRODUCT_PIN", label: "Pinned Mug" },
      { at: plus(base, 2, 30), kind: "FLASH_SALE_START", label: "Flash sale: Mug at €9.00" },
      { at: plus(base, 3), kind: "SHIELD_ON", label: "Lockdown on" },
      { at: plus(base, 3, 30), kind: "SHIELD_OFF", label: "Lockdown off" },
      { at: plus(base, 4), kind: "PRODUCT_UNPIN", label: "Unpinned Mug" },
      { at: plus(base, 4, 30), kind: "FLASH_SALE_STOP", label: "Flash sale ended: Mug" },
      { at: plus(base, 5, 15), kind: "STREAM_ENDED", label: "Stream ended" },
    ]);

    const comparison = {
      durationSeconds: SCENARIO_SUMMARY.durationSeconds,
      peakViewers: SCENARIO_SUMMARY.peakViewers,
      averageViewers: 510 / 285,
      uniqueViewers: SCENARIO_SUMMARY.uniqueViewers,
      averageWatchSeconds: 127.5,
      chatters: SCENARIO_SUMMARY.chatters,
      chatMessages: SCENARIO_SUMMARY.chatMessages,
      newFollowers: SCENARIO_SUMMARY.newFollowers,
      orders: 0,
    };
    expect(view.previous).toEqual([
      { id: middle.streamId, slug: middle.slug, title: "Second", startedAt: middle.startedAt, endedAt: middle.endedAt, ...comparison },
      { id: earlier.streamId, slug: earlier.slug, title: "First", startedAt: earlier.startedAt, endedAt: earlier.endedAt, ...comparison },
    ]);
  });

  it("while live, counts up to now: a viewer still watching has watched the whole stream so far", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    // A beating server instance holds the open session (so no stream monitor closes it as abandoned).
    const instanceId = unique("ws-analytics-");
    await env.db.serverInstance.create({ data: { id: instanceId } });
    await env.db.viewerSession.create({
      data: { streamId: stream.id, viewerKey: unique("a:"), instanceId, joinedAt: stream.startedAt!, leftAt: null },
    });
    const { summary } = await callerFor(env, owner).stream.analytics({ streamId: stream.id });
    expect(summary.durationSeconds).toBeGreaterThanOrEqual(60);
    expect(summary).toMatchObject({ peakViewers: 1, uniqueViewers: 1, watchSeconds: summary.durationSeconds });
    expect(summary.averageWatchSeconds).toBe(summary.durationSeconds);
    await env.db.serverInstance.delete({ where: { id: instanceId } });
  });

  it("of a stream that never went live: zeros, no series, no moments", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id, "SCHEDULED");
    const view = await callerFor(env, owner).stream.analytics({ streamId: stream.id });
    expect(view.series).toEqual([]);
    expect(view.collectedThrough).toBeNull();
    expect(view.moments).toEqual([]);
    expect(view.summary).toMatchObject({
      durationSeconds: null,
      peakViewers: 0,
      averageViewers: 0,
      uniqueViewers: 0,
      averageWatchSeconds: 0,
      chatEngagement: null,
      likeEngagement: null,
      revenue: [],
    });
  });

  it("is for the owner, admins and the stream's moderators while the owner allows them; nobody else", async () => {
    const base = minuteAt("2023-10-10T10:00:00Z");
    const scenario = await createScenario(env.db, base);
    const owner = await ownerOf(scenario);
    const [admin, globalModerator, moderator, stranger] = await Promise.all([
      createUser(env.db, { role: "ADMIN" }),
      createUser(env.db, { role: "MODERATOR" }),
      createUser(env.db),
      createUser(env.db),
    ]);
    await env.db.streamModerator.create({ data: { streamId: scenario.streamId, userId: moderator.id, appointedById: owner.id } });
    const read = (user: Parameters<typeof callerFor>[1]) => codeOf(callerFor(env, user).stream.analytics({ streamId: scenario.streamId }));

    expect(await read(owner)).toBeNull();
    expect(await read(admin)).toBeNull();
    expect(await read(moderator)).toBe("FORBIDDEN");
    expect(await read(globalModerator)).toBe("FORBIDDEN");
    expect(await read(stranger)).toBe("FORBIDDEN");
    expect(await read(null)).toBe("UNAUTHORIZED");
    expect(await refusal(callerFor(env, moderator).stream.analytics({ streamId: scenario.streamId }))).toEqual({
      code: "FORBIDDEN",
      message: "Only the stream's owner (or a moderator the owner lets see analytics) can see its analytics.",
    });

    // Only the owner (or an admin) decides.
    expect(
      await codeOf(callerFor(env, moderator).stream.setAnalyticsModeratorsAllowed({ streamId: scenario.streamId, allowed: true })),
    ).toBe("FORBIDDEN");
    expect(await callerFor(env, owner).stream.setAnalyticsModeratorsAllowed({ streamId: scenario.streamId, allowed: true })).toEqual({
      allowed: true,
    });
    expect(await read(moderator)).toBeNull();
    expect(await read(globalModerator)).toBe("FORBIDDEN");
    expect(await read(stranger)).toBe("FORBIDDEN");
    // A moderator of another stream gets nothing of this one.
    const otherStream = await createStream(env.db, stranger.id);
    await env.db.streamModerator.create({ data: { streamId: otherStream.id, userId: globalModerator.id, appointedById: stranger.id } });
    expect(await read(globalModerator)).toBe("FORBIDDEN");

    await callerFor(env, admin).stream.setAnalyticsModeratorsAllowed({ streamId: scenario.streamId, allowed: false });
    expect(await read(moderator)).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(env, owner).stream.analytics({ streamId: "no-such-stream" }))).toBe("NOT_FOUND");
  });

  /** The sentence a client gets for invalid input (the error formatter's, from the zod error). */
  async function inputProblem(promise: Promise<unknown>): Promise<string | null> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST" || !(error.cause instanceof ZodError)) return null;
    return describeZodError(error.cause);
  }

  it("refuses bad input with the field's problem and changes nothing", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, owner);
    expect(await inputProblem(api.stream.analytics({ streamId: "" }))).toBe("streamId: streamId is required");
    expect(await inputProblem(api.stream.analytics({ streamId: "x".repeat(65) }))).toMatch(/^streamId: /);
    for (const allowed of ["yes", 1, null]) {
      expect(
        await inputProblem(
          api.stream.setAnalyticsModeratorsAllowed({ streamId: stream.id, allowed } as unknown as { streamId: string; allowed: boolean }),
        ),
      ).toBe("allowed: Say true or false.");
    }
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).analyticsModeratorsAllowed).toBe(false);

    const admin = callerFor(env, await createUser(env.db, { role: "ADMIN" }));
    for (const days of [0, 91, 1.5, -3, "7", null]) {
      expect(await inputProblem(admin.admin.analyticsOverview({ days } as unknown as { days: number }))).toBe(
        "days: Give a whole number of days from 1 to 90.",
      );
    }
  });

  it(`allows ${ANALYTICS_READS.streamPerMinute} reads a minute per person, then says when to try again`, async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id, "SCHEDULED");
    const api = callerFor(env, owner);
    for (let read = 0; read < ANALYTICS_READS.streamPerMinute; read += 1) await api.stream.analytics({ streamId: stream.id });
    const refused = await refusal(api.stream.analytics({ streamId: stream.id }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many analytics requests: try again in \d+ seconds?\.$/);
  });
});

describe("the analytics CSV", () => {
  it("has the summary, then every minute; cells never start a formula; same access as stream.analytics", async () => {
    const base = minuteAt("2023-12-10T10:00:00Z");
    const scenario = await createShoppingScenario(base, { title: '=HYPERLINK("http://evil","x")' });
    await collectStreamMetrics({ db: env.db }, { now: plus(base, 20) });
    const owner = await ownerOf(scenario);
    const deps = { db: env.db, limits: env.limits };

    const download = await streamAnalyticsCsv({ ...deps, actor: owner }, scenario.streamId);
    expect(download.filename).toBe(`analytics-${scenario.slug}.csv`);
    const lines = (await new Response(download.body).text()).split("\r\n");
    expect(lines.slice(0, 8)).toEqual([
      `stream,"'=HYPERLINK(""http://evil"",""x"")"`,
      `slug,${scenario.slug}`,
      "status,ENDED",
      `started,${scenario.startedAt.toISOString()}`,
      `ended,${scenario.endedAt.toISOString()}`,
      "duration seconds,285",
      "peak viewers,3",
      "average viewers,1.79",
    ]);
    expect(lines).toContain("revenue EUR,37.50");
    expect(lines).toContain("revenue USD,9.00");
    const table = lines.indexOf(
      "minute,viewers avg,viewers max,unique viewers,watch seconds,messages,chatters,likes,follows,checkouts started,orders,units,revenue EUR",
    );
    expect(lines[table - 1]).toBe("");
    expect(lines.slice(table + 1)).toEqual([
      `${plus(base, 0).toISOString()},0.50,1,1,30,1,1,0,0,0,0,0,0.00`,
      `${plus(base, 1).toISOString()},1.67,2,2,100,2,2,0,0,0,0,0,0.00`,
      `${plus(base, 2).toISOString()},2.83,3,3,170,1,1,2,0,2,2,3,25.00`,
      `${plus(base, 3).toISOString()},2.00,2,2,120,0,0,0,1,0,0,0,0.00`,
      `${plus(base, 4).toISOString()},1.17,2,2,70,1,1,0,0,1,1,1,12.50`,
      `${plus(base, 5).toISOString()},0.33,2,2,20,0,0,0,1,0,0,0,0.00`,
      "",
    ]);

    const stranger = await createUser(env.db);
    await expect(streamAnalyticsCsv({ ...deps, actor: stranger }, scenario.streamId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(streamAnalyticsCsv({ ...deps, actor: null }, scenario.streamId)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(streamAnalyticsCsv({ ...deps, actor: owner }, "")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(streamAnalyticsCsv({ ...deps, actor: owner }, "a\u0000b")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "streamId contains a NUL character.",
    });
    await expect(streamAnalyticsCsv({ ...deps, actor: owner }, "x\uD800")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(streamAnalyticsCsv({ ...deps, actor: owner }, "no-such-stream")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("pins on the timeline", () => {
  it("pinning, unpinning and taking a pinned product off the shelf write PRODUCT_PIN / PRODUCT_UNPIN once each", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const product = await createProduct(env.db, owner.id, { title: "Poster" });
    await addToShelf(env.db, stream.id, product.id);
    const api = callerFor(env, owner);
    await api.shelf.pin({ streamId: stream.id, productId: product.id, pinned: true });
    // Pinning what is pinned changes nothing, and logs nothing.
    await api.shelf.pin({ streamId: stream.id, productId: product.id, pinned: true });
    await api.shelf.pin({ streamId: stream.id, productId: product.id, pinned: false });
    await api.shelf.pin({ streamId: stream.id, productId: product.id, pinned: true });
    await api.shelf.remove({ streamId: stream.id, productId: product.id });

    const entries = await env.db.moderationLog.findMany({
      where: { streamId: stream.id, action: { in: ["PRODUCT_PIN", "PRODUCT_UNPIN"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(entries.map((entry) => [entry.action, entry.actorId, entry.details])).toEqual([
      ["PRODUCT_PIN", owner.id, { productId: product.id, title: "Poster" }],
      ["PRODUCT_UNPIN", owner.id, { productId: product.id, title: "Poster" }],
      ["PRODUCT_PIN", owner.id, { productId: product.id, title: "Poster" }],
      ["PRODUCT_UNPIN", owner.id, { productId: product.id, title: "Poster" }],
    ]);
    const { moments } = await api.stream.analytics({ streamId: stream.id });
    expect(moments.map((moment) => moment.label)).toEqual([
      "Went live",
      "Pinned Poster",
      "Unpinned Poster",
      "Pinned Poster",
      "Unpinned Poster",
    ]);
  });
});

describe("admin.analyticsOverview", () => {
  it("has one entry per day up to today, totals, the live streams and the streams with the most watch time", async () => {
    // Real time: this scenario ended a few minutes ago; other test files add their own activity, so totals are bounds.
    const base = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 9 * 60_000);
    await createShoppingScenario(base);
    // Live from three hours ago until two minutes ago, 100 viewers all along, 3 messages.
    const marathonOwner = await createUser(env.db);
    const minuteNow = Math.floor(Date.now() / 60_000) * 60_000;
    const marathon = await env.db.liveStream.create({
      data: {
        slug: unique("marathon-"),
        title: "Marathon",
        ownerId: marathonOwner.id,
        status: "ENDED",
        videoSource: "x",
        startedAt: new Date(minuteNow - 180 * 60_000),
        endedAt: new Date(minuteNow - 2 * 60_000),
        lastMessageSeq: 3,
      },
    });
    await env.db.viewerSession.createMany({
      data: Array.from({ length: 100 }, (_, viewer) => ({
        streamId: marathon.id,
        viewerKey: `a:marathon-${marathon.id}-${viewer}`,
        joinedAt: marathon.startedAt!,
        leftAt: marathon.endedAt,
      })),
    });
    await env.db.chatMessage.createMany({
      data: [1, 2, 3].map((seq) => ({
        streamId: marathon.id,
        userId: marathonOwner.id,
        body: "go",
        seq,
        createdAt: new Date(minuteNow - 100 * 60_000 + seq * 1000),
      })),
    });
    await collectStreamMetrics({ db: env.db });
    const admin = await createUser(env.db, { role: "ADMIN" });

    const view = await callerFor(env, admin).admin.analyticsOverview({ days: 7 });
    const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    expect(view.days).toHaveLength(7);
    expect(view.days.at(-1)!.day).toEqual(today);
    expect(view.days[0]!.day).toEqual(new Date(today.getTime() - 6 * 86_400_000));
    expect(view.from).toEqual(view.days[0]!.day);
    expect(view.totals.watchSeconds).toBeGreaterThanOrEqual(510);
    expect(view.totals.peakViewers).toBeGreaterThanOrEqual(100);
    expect(view.totals.orders).toBeGreaterThanOrEqual(3);
    expect(view.totals.uniqueViewers).toBeGreaterThanOrEqual(4);
    expect(view.revenue.find((money) => money.currency === "EUR")!.cents).toBeGreaterThanOrEqual(3750);
    // Read in one snapshot: the days add up to the totals wherever adding is right.
    for (const key of ["watchSeconds", "messages", "likes", "follows", "orders"] as const) {
      expect(
        view.days.reduce((sum, day) => sum + day[key], 0),
        key,
      ).toBe(view.totals[key]);
    }
    expect(Math.max(...view.days.map((day) => day.peakViewers))).toBe(view.totals.peakViewers);
    for (const day of view.days) {
      expect(day.uniqueViewers).toBeLessThanOrEqual(view.totals.uniqueViewers);
      expect(day.chatters).toBeLessThanOrEqual(view.totals.chatters);
      expect(day.streams).toBeLessThanOrEqual(view.totals.streams);
    }
    expect(view.liveNow.streams).toBeGreaterThanOrEqual(0);
    expect(view.topStreams.length).toBeLessThanOrEqual(10);
    const watched = view.topStreams.map((stream) => stream.watchSeconds);
    expect(watched).toEqual([...watched].sort((a, b) => b - a));
    // A marathon (made above) has more watch time than anything else in the test database: it leads, exactly.
    expect(view.topStreams[0]).toEqual({
      id: marathon.id,
      slug: marathon.slug,
      title: "Marathon",
      owner: { id: marathonOwner.id, username: marathonOwner.username, name: marathonOwner.name },
      peakViewers: 100,
      watchSeconds: 100 * 178 * 60,
      messages: 3,
      orders: 0,
    });
  });

  it("is for admins only", async () => {
    const [moderator, viewer] = await Promise.all([createUser(env.db, { role: "MODERATOR" }), createUser(env.db)]);
    expect(await codeOf(callerFor(env, moderator).admin.analyticsOverview({ days: 7 }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(env, viewer).admin.analyticsOverview({ days: 7 }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(env, null).admin.analyticsOverview({ days: 7 }))).toBe("UNAUTHORIZED");
  });
});
