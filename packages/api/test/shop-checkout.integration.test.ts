import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { releaseHold, sweepExpiredHolds } from "../src/services/shop/checkout/release";
import { shopSettings } from "../src/services/shop/shop-config";
import { createContextInner } from "../src/context";
import { createCaller } from "../src/root";
import { DEFAULT_LIMITS, Limits } from "../src/services/limits/limits";
import { RateLimitStore } from "../src/services/limits/rate-limit-store";
import { callerFor, createStream, createUser, openTestEnv, testContext, type TestEnv } from "./fixtures";
import { ADDRESS, addToShelf, createFlashSale, createProduct, refusalOf, requestId, shopState } from "./shop-checkout-fixtures";

let env: TestEnv;

beforeAll(() => {
  env = openTestEnv();
});
afterEach(() => {
  env.shop = shopSettings();
});
afterAll(async () => {
  await env.close();
});

async function shelfProduct(
  options: {
    stock?: number | null;
    priceCents?: number;
    variants?: { name: string; stock: number | null; priceCents?: number | null }[];
  } = {},
) {
  const owner = await createUser(env.db);
  const stream = await createStream(env.db, owner.id);
  const product = await createProduct(env.db, owner.id, {
    priceCents: options.priceCents ?? 1250,
    variants: options.variants ?? [{ name: "", stock: options.stock === undefined ? 10 : options.stock }],
  });
  await addToShelf(env.db, stream.id, product.id);
  return { owner, stream, product, variant: product.variants[0]! };
}

function startInput(
  target: { stream: { id: string }; product: { id: string }; variant: { id: string } },
  overrides: Record<string, unknown> = {},
) {
  return {
    requestId: requestId(),
    streamId: target.stream.id,
    productId: target.product.id,
    variantId: target.variant.id,
    quantity: 1,
    expectedUnitPriceCents: 1250,
    ...overrides,
  };
}

/** Moves a checkout's hold end into the past, as if its time had run out. */
async function runOut(checkoutId: string) {
  await env.db.$executeRaw`UPDATE checkouts SET "expiresAt" = now() - interval '1 second' WHERE id = ${checkoutId}`;
}

describe("holds", () => {
  it("a hold running out returns the units and the flash-sale counters; placing it later is refused", async () => {
    const target = await shelfProduct({ stock: 10 });
    const sale = await createFlashSale(env.db, {
      streamId: target.stream.id,
      productId: target.product.id,
      createdById: target.owner.id,
      priceCents: 900,
      totalQuantity: 5,
      perBuyerLimit: 3,
    });
    const buyer = await createUser(env.db);
    const caller = callerFor(env, buyer);
    const checkout = await caller.checkout.start(startInput(target, { quantity: 3, expectedUnitPriceCents: 900 }));
    expect(checkout).toMatchObject({ status: "OPEN", unitPriceCents: 900, totalCents: 2700, flashSale: true });
    expect(await shopState(env.db, target.product.id)).toMatchObject({
      variants: [{ stock: 7 }],
      sales: [{ id: sale.id, soldQuantity: 3 }],
      buyers: [{ userId: buyer.id, quantity: 3 }],
    });

    // Not yet due: the job changes nothing.
    expect(await releaseHold(env, { checkoutId: checkout.id })).toEqual({ expiredCheckout: false, cancelledOrder: false });
    await runOut(checkout.id);
    expect(await releaseHold(env, { checkoutId: checkout.id })).toEqual({ expiredCheckout: true, cancelledOrder: false });
    // A second run (a retried job) returns nothing twice.
    expect(await releaseHold(env, { checkoutId: checkout.id })).toEqual({ expiredCheckout: false, cancelledOrder: false });
    expect(await shopState(env.db, target.product.id)).toMatchObject({
      variants: [{ stock: 10 }],
      sales: [{ id: sale.id, soldQuantity: 0 }],
      buyers: [{ userId: buyer.id, quantity: 0 }],
      orders: 0,
    });

    expect(await refusalOf(caller.checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "COD" }))).toEqual({
      code: "CONFLICT",
      appCode: "CONFLICT",
      message: "This checkout expired: the units went back on sale.",
    });
    expect(await caller.checkout.get({ checkoutId: checkout.id })).toMatchObject({ status: "EXPIRED", orderId: null });
    // The buyer's deal allowance came back too.
    await caller.checkout.start(startInput(target, { quantity: 3, expectedUnitPriceCents: 900 }));
  });

  it("a hold past its end is refused at place even before the job has run", async () => {
    const target = await shelfProduct({ stock: 4 });
    const caller = callerFor(env, await createUser(env.db));
    const checkout = await caller.checkout.start(startInput(target, { quantity: 2 }));
    await runOut(checkout.id);
    expect(
      (await refusalOf(caller.checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "COD" })))?.message,
    ).toBe("This checkout expired: the units went back on sale.");
    expect(await sweepExpiredHolds(env)).toBeGreaterThanOrEqual(1);
    expect((await shopState(env.db, target.product.id)).variants).toEqual([{ id: target.variant.id, stock: 4 }]);
  });

  it("the shop.releaseHold job sent with the checkout releases it when it is due (worker on the real queue)", async () => {
    env.shop = shopSettings({ holdSeconds: 1 });
    const target = await shelfProduct({ stock: 3 });
    const caller = callerFor(env, await createUser(env.db));
    const checkout = await caller.checkout.start(startInput(target, { quantity: 3 }));
    expect((await shopState(env.db, target.product.id)).variants).toEqual([{ id: target.variant.id, stock: 0 }]);
    await env.jobs.start();
    await env.jobs.work("shop.releaseHold", ({ checkoutId }) => releaseHold(env, { checkoutId }).then(() => undefined), {
      pollingIntervalSeconds: 0.5,
    });
    await expect
      .poll(async () => (await env.db.checkout.findUniqueOrThrow({ where: { id: checkout.id } })).status, {
        timeout: 20_000,
        interval: 200,
      })
      .toBe("EXPIRED");
    expect((await shopState(env.db, target.product.id)).variants).toEqual([{ id: target.variant.id, stock: 3 }]);
  }, 30_000);

  it("the buyer cancels: units back, the checkout closed; a buyer may hold at most 5 checkouts", async () => {
    const target = await shelfProduct({ stock: 20 });
    const caller = callerFor(env, await createUser(env.db));
    const checkouts = [];
    for (let index = 0; index < 5; index += 1) checkouts.push(await caller.checkout.start(startInput(target)));
    expect(await refusalOf(caller.checkout.start(startInput(target)))).toEqual({
      code: "TOO_MANY_REQUESTS",
      appCode: "TOO_MANY_REQUESTS",
      message: "You have 5 checkouts open: place or cancel one first.",
    });
    expect((await shopState(env.db, target.product.id)).variants).toEqual([{ id: target.variant.id, stock: 15 }]);
    expect(await caller.checkout.cancel({ checkoutId: checkouts[0]!.id })).toMatchObject({ status: "CANCELLED" });
    // Cancelling twice returns units once.
    expect(await caller.checkout.cancel({ checkoutId: checkouts[0]!.id })).toMatchObject({ status: "CANCELLED" });
    expect((await shopState(env.db, target.product.id)).variants).toEqual([{ id: target.variant.id, stock: 16 }]);
    await caller.checkout.start(startInput(target));
    const other = callerFor(env, await createUser(env.db));
    expect((await refusalOf(other.checkout.get({ checkoutId: checkouts[1]!.id })))?.code).toBe("NOT_FOUND");
    expect((await refusalOf(other.checkout.cancel({ checkoutId: checkouts[1]!.id })))?.code).toBe("NOT_FOUND");
  });
});

describe("prices", () => {
  it("a buyer may start at most SHOP_CHECKOUT_USER_RATE_LIMIT checkouts per window; retries of one are not counted", async () => {
    const limits = new Limits(new RateLimitStore(), { ...DEFAULT_LIMITS, shop: { checkoutStartsPerUser: 2, checkoutWindowSeconds: 60 } });
    const target = await shelfProduct({ stock: 10 });
    const caller = createCaller(createContextInner({ ...testContext(env, await createUser(env.db)), limits }));
    const first = startInput(target);
    const opened = await caller.checkout.start(first);
    expect(await caller.checkout.start(first)).toEqual(opened);
    await caller.checkout.cancel({ checkoutId: opened.id });
    const second = await caller.checkout.start(startInput(target));
    await caller.checkout.cancel({ checkoutId: second.id });
    const refused = await refusalOf(caller.checkout.start(startInput(target)));
    expect(refused?.code).toBe("TOO_MANY_REQUESTS");
    expect(refused?.message).toMatch(/^Too many checkouts started: try again in \d+ seconds?\.$/);
    expect((await shopState(env.db, target.product.id)).variants[0]!.stock).toBe(10);
    expect(await env.db.checkout.count({ where: { productId: target.product.id } })).toBe(2);
  });

  it("a flash sale ending while a checkout is open: the buyer places at the price they were shown", async () => {
    const target = await shelfProduct({ stock: 10 });
    const sale = await createFlashSale(env.db, {
      streamId: target.stream.id,
      productId: target.product.id,
      createdById: target.owner.id,
      priceCents: 800,
      totalQuantity: 10,
      perBuyerLimit: 2,
    });
    const caller = callerFor(env, await createUser(env.db));
    const checkout = await caller.checkout.start(startInput(target, { quantity: 2, expectedUnitPriceCents: 800 }));
    await env.db.flashSale.update({ where: { id: sale.id }, data: { endsAt: new Date(Date.now() - 1_000) } });

    const placed = await caller.checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "COD" });
    expect(placed.order).toMatchObject({ unitPriceCents: 800, totalCents: 1600, quantity: 2, status: "PENDING" });
    const order = await env.db.order.findUniqueOrThrow({ where: { id: placed.order.id } });
    expect(order.flashSaleId).toBe(sale.id);
  });

  it("a start at a price that no longer holds (the sale ended) is refused naming the new price, and nothing changes", async () => {
    const target = await shelfProduct({ stock: 10 });
    await createFlashSale(env.db, {
      streamId: target.stream.id,
      productId: target.product.id,
      createdById: target.owner.id,
      priceCents: 800,
      startsInSeconds: -120,
      durationSeconds: 60,
    });
    const caller = callerFor(env, await createUser(env.db));
    const before = await shopState(env.db, target.product.id);
    expect(await refusalOf(caller.checkout.start(startInput(target, { expectedUnitPriceCents: 800 })))).toEqual({
      code: "CONFLICT",
      appCode: "PRICE_CHANGED",
      message: "The price is now €12.50.",
    });
    expect(await shopState(env.db, target.product.id)).toEqual(before);
    // At the new price it goes through.
    expect(await caller.checkout.start(startInput(target, { expectedUnitPriceCents: 1250 }))).toMatchObject({
      unitPriceCents: 1250,
      flashSale: false,
    });
  });

  it("a variant's own price is the price; a flash sale that has not started yet does not apply", async () => {
    const target = await shelfProduct({
      variants: [
        { name: "S", stock: 5 },
        { name: "XL", stock: 5, priceCents: 1500 },
      ],
    });
    await createFlashSale(env.db, {
      streamId: target.stream.id,
      productId: target.product.id,
      createdById: target.owner.id,
      priceCents: 800,
      startsInSeconds: 60,
    });
    const caller = callerFor(env, await createUser(env.db));
    const xl = target.product.variants[1]!;
    expect(await refusalOf(caller.checkout.start(startInput(target, { variantId: xl.id, expectedUnitPriceCents: 1250 })))).toMatchObject({
      appCode: "PRICE_CHANGED",
      message: "The price is now €15.00.",
    });
    expect(await caller.checkout.start(startInput(target, { variantId: xl.id, expectedUnitPriceCents: 1500 }))).toMatchObject({
      variantName: "XL",
      unitPriceCents: 1500,
    });
  });
});

describe("bad input changes nothing", () => {
  it("refuses each with a specific error", async () => {
    const target = await shelfProduct({ stock: 10 });
    const other = await createProduct(env.db, target.owner.id, { variants: [{ name: "", stock: 10 }] });
    const otherStream = await createStream(env.db, target.owner.id);
    const endedStream = await createStream(env.db, target.owner.id, "ENDED");
    await addToShelf(env.db, endedStream.id, target.product.id);
    const caller = callerFor(env, await createUser(env.db));
    const before = await shopState(env.db, target.product.id);

    const cases: [Record<string, unknown>, { code: string; message: string | RegExp }][] = [
      [{ quantity: 0 }, { code: "BAD_REQUEST", message: "quantity: Quantity must be at least 1." }],
      [{ quantity: 10_000 }, { code: "BAD_REQUEST", message: "quantity: Quantity must be at most 99." }],
      [{ quantity: 1.5 }, { code: "BAD_REQUEST", message: "quantity: Quantity must be a whole number." }],
      [{ expectedUnitPriceCents: 12.5 }, { code: "BAD_REQUEST", message: "expectedUnitPriceCents: Prices are whole minor units." }],
      [
        { requestId: "not a request id" },
        { code: "BAD_REQUEST", message: "requestId: requestId must be 8–64 letters, digits, underscores or hyphens." },
      ],
      [{ variantId: other.variants[0]!.id }, { code: "BAD_REQUEST", message: "That variant belongs to another product." }],
      [
        { productId: other.id, variantId: other.variants[0]!.id },
        { code: "NOT_FOUND", message: "That product is not on sale in this stream." },
      ],
      [{ streamId: otherStream.id }, { code: "NOT_FOUND", message: "That product is not on sale in this stream." }],
      [{ streamId: "no-such-stream" }, { code: "NOT_FOUND", message: "No stream with that id." }],
      [{ streamId: endedStream.id }, { code: "CONFLICT", message: "This stream has ended: its shop is closed." }],
      [{ quantity: 11 }, { code: "CONFLICT", message: "Sold out: only 10 left." }],
    ];
    for (const [overrides, expected] of cases) {
      const refusal = await refusalOf(caller.checkout.start(startInput(target, overrides)));
      expect(refusal, JSON.stringify(overrides)).toMatchObject(expected);
    }
    expect(await shopState(env.db, target.product.id)).toEqual(before);
    expect(await env.db.checkout.count({ where: { productId: other.id } })).toBe(0);

    // Marked sold out by the seller, whatever the stock says.
    await env.db.streamProduct.update({
      where: { streamId_productId: { streamId: target.stream.id, productId: target.product.id } },
      data: { soldOut: true },
    });
    expect(await refusalOf(caller.checkout.start(startInput(target)))).toEqual({
      code: "CONFLICT",
      appCode: "SOLD_OUT",
      message: "Sold out.",
    });
    await env.db.streamProduct.update({
      where: { streamId_productId: { streamId: target.stream.id, productId: target.product.id } },
      data: { soldOut: false },
    });

    // An archived product is no longer on sale.
    await env.db.product.update({ where: { id: other.id }, data: { status: "ARCHIVED" } });
    await addToShelf(env.db, target.stream.id, other.id);
    expect(
      await refusalOf(caller.checkout.start(startInput(target, { productId: other.id, variantId: other.variants[0]!.id }))),
    ).toMatchObject({
      code: "NOT_FOUND",
    });

    // Place: a bad address or an unavailable payment method is refused and the checkout stays open.
    const checkout = await caller.checkout.start(startInput(target, { quantity: 2 }));
    const placeCases: [Record<string, unknown>, { code: string; message: string }][] = [
      [
        { shippingAddress: { ...ADDRESS, country: "XX" } },
        { code: "BAD_REQUEST", message: "shippingAddress.country: Country must be a two-letter ISO 3166 country code, like US or DE." },
      ],
      [{ shippingAddress: { ...ADDRESS, name: "" } }, { code: "BAD_REQUEST", message: "shippingAddress.name: Name is required." }],
      [
        { shippingAddress: { ...ADDRESS, postalCode: "1".repeat(21) } },
        { code: "BAD_REQUEST", message: "shippingAddress.postalCode: Postal code is at most 20 characters." },
      ],
      [{ paymentMethod: "STRIPE" }, { code: "BAD_REQUEST", message: "Card payments are not available here: choose pay on delivery." }],
    ];
    for (const [overrides, expected] of placeCases) {
      const refusal = await refusalOf(
        caller.checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "COD", ...overrides }),
      );
      expect(refusal, JSON.stringify(overrides)).toMatchObject(expected);
    }
    expect(await caller.checkout.get({ checkoutId: checkout.id })).toMatchObject({ status: "OPEN", orderId: null });
    expect(await env.db.order.count({ where: { checkoutId: checkout.id } })).toBe(0);
    // The country is case-insensitive and stored upper-case.
    const placed = await caller.checkout.place({
      checkoutId: checkout.id,
      shippingAddress: { ...ADDRESS, country: "de" },
      paymentMethod: "COD",
    });
    expect(placed.order.shippingAddress.country).toBe("DE");
  });
});

describe("metrics", () => {
  it("records checkouts started, orders, units and revenue exactly", async () => {
    const target = await shelfProduct({ stock: 50 });
    const buyerA = callerFor(env, await createUser(env.db));
    const buyerB = callerFor(env, await createUser(env.db));
    const a = await buyerA.checkout.start(startInput(target, { quantity: 2 }));
    const b = await buyerB.checkout.start(startInput(target, { quantity: 1 }));
    const c = await buyerB.checkout.start(startInput(target, { quantity: 4 }));
    // Refused starts count nothing.
    await refusalOf(buyerB.checkout.start(startInput(target, { quantity: 99 })));
    await buyerA.checkout.place({ checkoutId: a.id, shippingAddress: ADDRESS, paymentMethod: "COD" });
    await buyerB.checkout.place({ checkoutId: b.id, shippingAddress: ADDRESS, paymentMethod: "COD" });
    // Placing again counts nothing; a cancelled checkout is still a checkout started.
    await buyerA.checkout.place({ checkoutId: a.id, shippingAddress: ADDRESS, paymentMethod: "COD" });
    await buyerB.checkout.cancel({ checkoutId: c.id });

    const [sum] = await env.db.$queryRaw<
      { checkoutsStarted: bigint; orders: bigint; units: bigint; revenueCents: bigint; currencies: string[] }[]
    >`
      SELECT sum("checkoutsStarted")::bigint AS "checkoutsStarted", sum(orders)::bigint AS orders, sum(units)::bigint AS units,
             sum("revenueCents")::bigint AS "revenueCents",
             array_agg(DISTINCT currency) AS currencies
      FROM shop_metric_minutes WHERE "streamId" = ${target.stream.id} AND "productId" = ${target.product.id}`;
    expect(sum).toEqual({ checkoutsStarted: 3n, orders: 2n, units: 3n, revenueCents: 3750n, currencies: ["EUR"] });
  });
});
