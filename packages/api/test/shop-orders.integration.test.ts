import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SellerEvent } from "../src/events/types";
import { exportOrdersCsv } from "../src/services/shop/orders/csv";
import { callerFor, createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { ADDRESS, addToShelf, createProduct, refusalOf, requestId, shopState } from "./shop-checkout-fixtures";
import { consume } from "./subscribe";

let env: TestEnv;

beforeAll(() => {
  env = openTestEnv();
});
afterAll(async () => {
  await env.close();
});

async function shop(stock = 20) {
  const owner = await createUser(env.db);
  const stream = await createStream(env.db, owner.id);
  const product = await createProduct(env.db, owner.id, { title: "Mug", priceCents: 1250, variants: [{ name: "Blue", stock }] });
  await addToShelf(env.db, stream.id, product.id, { pinned: true });
  return { owner, stream, product, variant: product.variants[0]! };
}

async function buy(target: Awaited<ReturnType<typeof shop>>, quantity = 1, address: Record<string, string> = ADDRESS) {
  const buyer = await createUser(env.db);
  const caller = callerFor(env, buyer);
  const checkout = await caller.checkout.start({
    requestId: requestId(),
    streamId: target.stream.id,
    productId: target.product.id,
    variantId: target.variant.id,
    quantity,
    expectedUnitPriceCents: 1250,
  });
  const placed = await caller.checkout.place({ checkoutId: checkout.id, shippingAddress: address as typeof ADDRESS, paymentMethod: "COD" });
  return { buyer, caller, order: placed.order };
}

describe("buyer's orders", () => {
  it("lists the buyer's own orders newest first; someone else's order is not found", async () => {
    const target = await shop();
    const first = await buy(target, 1);
    const checkout = await first.caller.checkout.start({
      requestId: requestId(),
      streamId: target.stream.id,
      productId: target.product.id,
      variantId: target.variant.id,
      quantity: 2,
      expectedUnitPriceCents: 1250,
    });
    const second = await first.caller.checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "COD" });
    const mine = await first.caller.orders.mine({});
    expect(mine.items.map((order) => order.id)).toEqual([second.order.id, first.order.id]);
    expect(mine.nextCursor).toBeNull();
    expect(mine.items[0]).toMatchObject({
      productTitle: "Mug",
      variantName: "Blue",
      quantity: 2,
      totalCents: 2500,
      currency: "EUR",
      status: "PENDING",
      stream: { slug: target.stream.slug, title: target.stream.title },
      seller: { username: target.owner.username },
    });
    expect(mine.items[0]!.number).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(await first.caller.orders.get({ orderId: first.order.id })).toMatchObject({ id: first.order.id, shippingAddress: ADDRESS });
    const stranger = callerFor(env, await createUser(env.db));
    expect(await refusalOf(stranger.orders.get({ orderId: first.order.id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "No order with that id.",
    });
    expect((await stranger.orders.mine({})).items).toEqual([]);
  });
});

describe("the seller's side", () => {
  it("moves orders through their statuses and refuses the rest naming the current status", async () => {
    const target = await shop(10);
    const seller = callerFor(env, target.owner);
    const a = await buy(target, 2);
    const b = await buy(target, 3);
    const c = await buy(target, 1);
    const streamId = target.stream.id;
    expect((await shopState(env.db, target.product.id)).variants[0]!.stock).toBe(4);

    expect(await seller.orders.setStatus({ streamId, orderId: a.order.id, status: "PAID" })).toMatchObject({ status: "PAID" });
    expect(await refusalOf(seller.orders.setStatus({ streamId, orderId: a.order.id, status: "PAID" }))).toEqual({
      code: "CONFLICT",
      appCode: "CONFLICT",
      message: "This order is paid: it cannot be marked paid.",
    });
    expect(await seller.orders.setStatus({ streamId, orderId: a.order.id, status: "FULFILLED" })).toMatchObject({ status: "FULFILLED" });
    expect(await seller.orders.setStatus({ streamId, orderId: b.order.id, status: "FULFILLED" })).toMatchObject({ status: "FULFILLED" });
    expect((await refusalOf(seller.orders.cancel({ streamId, orderId: b.order.id })))?.message).toBe(
      "This order is fulfilled: it cannot be cancelled.",
    );

    // Cancelling returns the units; a fulfilled order's refund does not.
    expect(await seller.orders.cancel({ streamId, orderId: c.order.id, reason: "Damaged" })).toMatchObject({ status: "CANCELLED" });
    expect((await shopState(env.db, target.product.id)).variants[0]!.stock).toBe(5);
    expect((await refusalOf(seller.orders.setStatus({ streamId, orderId: c.order.id, status: "FULFILLED" })))?.message).toBe(
      "This order is cancelled: it cannot be fulfilled.",
    );
    expect((await refusalOf(seller.orders.refund({ streamId, orderId: c.order.id })))?.message).toBe(
      "This order is cancelled: it cannot be refunded.",
    );
    expect(await seller.orders.refund({ streamId, orderId: b.order.id })).toMatchObject({ status: "REFUNDED" });
    expect((await shopState(env.db, target.product.id)).variants[0]!.stock).toBe(5);

    const audit = await env.db.moderationLog.findMany({
      where: { streamId, action: { in: ["ORDER_CANCEL", "ORDER_REFUND"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => [entry.action, entry.reason, entry.targetUserId])).toEqual([
      ["ORDER_CANCEL", "Damaged", c.buyer.id],
      ["ORDER_REFUND", null, b.buyer.id],
    ]);

    const list = await seller.orders.forStream({ streamId });
    expect(list.items.map((order) => [order.id, order.status])).toEqual([
      [c.order.id, "CANCELLED"],
      [b.order.id, "REFUNDED"],
      [a.order.id, "FULFILLED"],
    ]);
    // Totals leave cancelled and refunded orders out.
    expect(list.totals).toEqual({ orders: 1, units: 2, revenue: [{ currency: "EUR", cents: 2500 }] });
    expect((await seller.orders.forStream({ streamId, status: "REFUNDED" })).items.map((order) => order.id)).toEqual([b.order.id]);
    expect(await seller.orders.detail({ streamId, orderId: a.order.id })).toMatchObject({
      id: a.order.id,
      shippingAddress: ADDRESS,
      buyer: { id: a.buyer.id },
    });

    // Another stream's order is not found through this stream.
    const other = await shop();
    const elsewhere = await buy(other);
    expect(await refusalOf(seller.orders.detail({ streamId, orderId: elsewhere.order.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusalOf(seller.orders.cancel({ streamId, orderId: elsewhere.order.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await env.db.order.findUniqueOrThrow({ where: { id: elsewhere.order.id } })).status).toBe("PENDING");
  });

  it("orders.onEvents starts with the totals, then each order placed and changed, live", async () => {
    const target = await shop();
    await buy(target, 2);
    const abort = new AbortController();
    const feed = consume<SellerEvent>(
      await callerFor(env, target.owner, null, abort.signal).orders.onEvents({ streamId: target.stream.id }),
    );
    try {
      const first = await feed.until(() => true);
      expect(first).toEqual({
        type: "orders.totals",
        streamId: target.stream.id,
        totals: { orders: 1, units: 2, revenue: [{ currency: "EUR", cents: 2500 }] },
      });
      const { order, buyer } = await buy(target, 3);
      const placed = await feed.until((event) => event.type === "orders.placed");
      expect(placed).toMatchObject({
        type: "orders.placed",
        order: {
          id: order.id,
          number: order.number,
          quantity: 3,
          totalCents: 3750,
          status: "PENDING",
          buyer: { id: buyer.id },
          flashSale: false,
        },
        totals: { orders: 2, units: 5, revenue: [{ currency: "EUR", cents: 6250 }] },
      });
      await callerFor(env, target.owner).orders.setStatus({ streamId: target.stream.id, orderId: order.id, status: "FULFILLED" });
      const updated = await feed.until((event) => event.type === "orders.updated");
      expect(updated).toMatchObject({ order: { id: order.id, status: "FULFILLED" }, totals: { orders: 2 } });
      // Only seller events travel on this feed (no stock or moderation events).
      expect(feed.events.every((event) => event.type.startsWith("orders."))).toBe(true);
    } finally {
      abort.abort();
    }
  });

  it("exports the stream's orders as CSV with decimal prices and formula-safe cells", async () => {
    const target = await shop();
    const { order, buyer } = await buy(target, 2, { ...ADDRESS, name: '=HYPERLINK("x")', line2: "Flat 3, back" });
    const download = exportOrdersCsv(env.db, target.stream.id);
    const text = await new Response(download.body).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "number,created,status,buyer,product,variant,quantity,unit price,total,currency,payment,shipping name,shipping address,shipping country",
    );
    expect(lines).toHaveLength(2);
    const created = (await env.db.order.findUniqueOrThrow({ where: { id: order.id } })).createdAt.toISOString();
    expect(lines[1]).toBe(
      `${order.number},${created},PENDING,${buyer.username},Mug,Blue,2,12.50,25.00,EUR,COD,"'=HYPERLINK(""x"")","1 Market Street, Flat 3, back, Berlin, 10115",DE`,
    );
  });
});
