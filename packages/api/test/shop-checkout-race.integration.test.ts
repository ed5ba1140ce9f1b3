import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { ADDRESS, addToShelf, createFlashSale, createProduct, refusalOf, requestId, shopState } from "./shop-checkout-fixtures";

let env: TestEnv;

beforeAll(() => {
  env = openTestEnv();
});
afterAll(async () => {
  await env.close();
});

async function liveShelfProduct(options: { stock: number; priceCents?: number }) {
  const owner = await createUser(env.db);
  const stream = await createStream(env.db, owner.id);
  const product = await createProduct(env.db, owner.id, {
    priceCents: options.priceCents ?? 1250,
    variants: [{ name: "", stock: options.stock }],
  });
  await addToShelf(env.db, stream.id, product.id, { pinned: true });
  return { owner, stream, product, variant: product.variants[0]! };
}

async function users(count: number) {
  const made = [];
  for (let index = 0; index < count; index += 20) {
    made.push(...(await Promise.all(Array.from({ length: Math.min(20, count - index) }, () => createUser(env.db)))));
  }
  return made;
}

describe("no oversell", () => {
  it("200 buyers racing for the last 10 units make exactly 10 orders; everyone else is told it is sold out", async () => {
    const { stream, product, variant } = await liveShelfProduct({ stock: 10 });
    const buyers = await users(200);

    const outcomes = await Promise.all(
      buyers.map(async (buyer) => {
        const caller = callerFor(env, buyer);
        const started = await refusalOf(
          caller.checkout
            .start({
              requestId: requestId(),
              streamId: stream.id,
              productId: product.id,
              variantId: variant.id,
              quantity: 1,
              expectedUnitPriceCents: 1250,
            })
            .then(async (checkout) => {
              await caller.checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "COD" });
            }),
        );
        return started;
      }),
    );

    const succeeded = outcomes.filter((outcome) => outcome === null);
    const refused = outcomes.filter((outcome) => outcome !== null);
    expect(succeeded).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const refusal of refused) expect(refusal).toEqual({ code: "CONFLICT", appCode: "SOLD_OUT", message: "Sold out." });

    const state = await shopState(env.db, product.id);
    expect(state.variants).toEqual([{ id: variant.id, stock: 0 }]);
    expect(state.orders).toBe(10);
    expect(state.checkouts).toBe(10);
    const orders = await env.db.order.findMany({
      where: { productId: product.id },
      select: { userId: true, quantity: true, status: true },
    });
    expect(new Set(orders.map((order) => order.userId)).size).toBe(10);
    expect(orders.every((order) => order.quantity === 1 && order.status === "PENDING")).toBe(true);
    const negative = await env.db.productVariant.count({ where: { stock: { lt: 0 } } });
    expect(negative).toBe(0);
  }, 120_000);

  it("one buyer firing 20 starts at a flash sale with a per-buyer limit of 3 gets exactly 3 holds", async () => {
    const { owner, stream, product, variant } = await liveShelfProduct({ stock: 100 });
    const sale = await createFlashSale(env.db, {
      streamId: stream.id,
      productId: product.id,
      createdById: owner.id,
      priceCents: 500,
      totalQuantity: 50,
      perBuyerLimit: 3,
    });
    const buyer = await createUser(env.db);
    const caller = callerFor(env, buyer);

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        refusalOf(
          caller.checkout.start({
            requestId: requestId(),
            streamId: stream.id,
            productId: product.id,
            variantId: variant.id,
            quantity: 1,
            expectedUnitPriceCents: 500,
          }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(3);
    for (const refusal of outcomes.filter((outcome) => outcome !== null)) {
      expect(refusal).toEqual({ code: "CONFLICT", appCode: "CONFLICT", message: "You can buy at most 3 at this price." });
    }
    const state = await shopState(env.db, product.id);
    expect(state.variants).toEqual([{ id: variant.id, stock: 97 }]);
    expect(state.sales).toEqual([{ id: sale.id, soldQuantity: 3 }]);
    expect(state.buyers).toEqual([{ userId: buyer.id, quantity: 3 }]);
    expect(state.checkouts).toBe(3);
  });

  it("a flash sale's total holds under a race: 30 buyers of 2 for 25 deal units get 12 holds", async () => {
    const { owner, stream, product, variant } = await liveShelfProduct({ stock: 1000 });
    const sale = await createFlashSale(env.db, {
      streamId: stream.id,
      productId: product.id,
      createdById: owner.id,
      priceCents: 700,
      totalQuantity: 25,
      perBuyerLimit: 2,
    });
    const buyers = await users(30);
    const outcomes = await Promise.all(
      buyers.map((buyer) =>
        refusalOf(
          callerFor(env, buyer).checkout.start({
            requestId: requestId(),
            streamId: stream.id,
            productId: product.id,
            variantId: variant.id,
            quantity: 2,
            expectedUnitPriceCents: 700,
          }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(12);
    const refusals = outcomes.filter((outcome) => outcome !== null);
    expect(refusals).toHaveLength(18);
    // The 13th buyer finds 1 deal unit left; everyone after it the same.
    for (const refusal of refusals) {
      expect(refusal).toEqual({ code: "CONFLICT", appCode: "SOLD_OUT", message: "Sold out at this price: only 1 left." });
    }
    const state = await shopState(env.db, product.id);
    expect(state.sales).toEqual([{ id: sale.id, soldQuantity: 24 }]);
    expect(state.variants).toEqual([{ id: variant.id, stock: 1000 - 24 }]);
    expect(state.buyers.every((row) => row.quantity === 2)).toBe(true);
    expect(state.buyers).toHaveLength(12);
  });
});

describe("idempotency", () => {
  it("the same requestId sent twice at once opens one checkout; placing it twice at once makes one order", async () => {
    const { stream, product, variant } = await liveShelfProduct({ stock: 5 });
    const buyer = await createUser(env.db);
    const caller = callerFor(env, buyer);
    const input = {
      requestId: requestId(),
      streamId: stream.id,
      productId: product.id,
      variantId: variant.id,
      quantity: 2,
      expectedUnitPriceCents: 1250,
    };

    const [first, second] = await Promise.all([caller.checkout.start(input), caller.checkout.start(input)]);
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({ status: "OPEN", quantity: 2, unitPriceCents: 1250, totalCents: 2500, currency: "EUR", flashSale: false });
    expect((await shopState(env.db, product.id)).variants).toEqual([{ id: variant.id, stock: 3 }]);
    expect(await caller.checkout.start(input)).toEqual(first);

    const place = { checkoutId: first.id, shippingAddress: ADDRESS, paymentMethod: "COD" as const };
    const [placedA, placedB] = await Promise.all([caller.checkout.place(place), caller.checkout.place(place)]);
    expect(placedB.order.id).toBe(placedA.order.id);
    expect(placedA.payment).toEqual({ provider: "COD" });
    expect(placedA.order).toMatchObject({
      status: "PENDING",
      quantity: 2,
      totalCents: 2500,
      paymentProvider: "COD",
      shippingAddress: ADDRESS,
    });
    expect((await caller.checkout.place(place)).order.id).toBe(placedA.order.id);

    const state = await shopState(env.db, product.id);
    expect(state.orders).toBe(1);
    expect(state.checkouts).toBe(1);
    expect(state.variants).toEqual([{ id: variant.id, stock: 3 }]);
    expect(await caller.checkout.get({ checkoutId: first.id })).toMatchObject({ status: "PLACED", orderId: placedA.order.id });
  });
});
