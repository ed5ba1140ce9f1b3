import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { releaseHold } from "../src/services/shop/checkout/release";
import type { StripeApi } from "../src/services/shop/payments";
import { applyPaymentWebhook, paymentWebhookResponse } from "../src/services/shop/payments/webhook";
import { shopSettings } from "../src/services/shop/shop-config";
import { callerFor, createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { ADDRESS, addToShelf, createProduct, refusalOf, requestId, shopState } from "./shop-checkout-fixtures";

const WEBHOOK_SECRET = "whsec_testsecret0123456789";

let env: TestEnv;

/**
 * Stripe's API cannot be reached from here: the provider gets this client at the
 * network boundary (everything else is real). It records calls and answers as Stripe would.
 */
function fakeStripe() {
  const calls: { method: string; args: unknown[] }[] = [];
  let next = 0;
  const client: StripeApi = {
    paymentIntents: {
      create(params, options) {
        calls.push({ method: "paymentIntents.create", args: [params, options] });
        next += 1;
        const id = `pi_test_${next}_${Math.random().toString(36).slice(2, 8)}`;
        return Promise.resolve({ id, client_secret: `${id}_secret_abc` });
      },
      retrieve(id) {
        calls.push({ method: "paymentIntents.retrieve", args: [id] });
        return Promise.resolve({ id, client_secret: `${id}_secret_abc` });
      },
      cancel(id) {
        calls.push({ method: "paymentIntents.cancel", args: [id] });
        return Promise.resolve({ id, status: "canceled" });
      },
    },
    refunds: {
      create(params, options) {
        calls.push({ method: "refunds.create", args: [params, options] });
        return Promise.resolve({ id: "re_test" });
      },
    },
  };
  return { client, calls };
}

let stripe: ReturnType<typeof fakeStripe>;

beforeAll(() => {
  env = openTestEnv();
});
beforeEach(() => {
  stripe = fakeStripe();
  env.shop = shopSettings({
    stripe: { secretKey: "sk_test_abc", webhookSecret: WEBHOOK_SECRET, publishableKey: "pk_test_abc", client: stripe.client },
  });
});
afterEach(() => {
  env.shop = shopSettings();
});
afterAll(async () => {
  await env.close();
});

/** Stripe's documented scheme, by hand: `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
function sign(body: string, options: { secret?: string; timestamp?: number } = {}): Headers {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = createHmac("sha256", options.secret ?? WEBHOOK_SECRET)
    .update(`${timestamp}.${body}`)
    .digest("hex");
  return new Headers({ "stripe-signature": `t=${timestamp},v1=${signature}`, "content-type": "application/json" });
}

let eventCounter = 0;
function stripeEvent(type: string, object: Record<string, unknown>): string {
  eventCounter += 1;
  return JSON.stringify({
    id: `evt_test_${eventCounter}_${Math.random().toString(36).slice(2, 8)}`,
    object: "event",
    api_version: "2025-02-24.acacia",
    created: Math.floor(Date.now() / 1000),
    type,
    data: { object },
  });
}

const intent = (id: string) => ({ id, object: "payment_intent", status: "succeeded" });

async function cardOrder(quantity = 2) {
  const owner = await createUser(env.db);
  const stream = await createStream(env.db, owner.id);
  const product = await createProduct(env.db, owner.id, { priceCents: 1250, variants: [{ name: "", stock: 10 }] });
  await addToShelf(env.db, stream.id, product.id);
  const buyer = callerFor(env, await createUser(env.db));
  const checkout = await buyer.checkout.start({
    requestId: requestId(),
    streamId: stream.id,
    productId: product.id,
    variantId: product.variants[0]!.id,
    quantity,
    expectedUnitPriceCents: 1250,
  });
  const placed = await buyer.checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "STRIPE" });
  const order = await env.db.order.findUniqueOrThrow({ where: { id: placed.order.id } });
  return { owner, stream, product, buyer, checkout, placed, order };
}

const webhook = (rawBody: string, headers: Headers) => applyPaymentWebhook(env, { provider: "STRIPE", rawBody, headers });

async function orderStatus(id: string) {
  return (await env.db.order.findUniqueOrThrow({ where: { id } })).status;
}

describe("Stripe", () => {
  it("is offered only when configured", async () => {
    const anonymous = callerFor(env, null);
    expect(await anonymous.checkout.paymentOptions()).toEqual({ providers: ["COD", "STRIPE"], stripePublishableKey: "pk_test_abc" });
    env.shop = shopSettings();
    expect(await callerFor(env, null).checkout.paymentOptions()).toEqual({ providers: ["COD"], stripePublishableKey: null });
  });

  it("placing with a card creates one PaymentIntent per order (idempotency key = the order) and returns its client secret", async () => {
    const { placed, order, buyer, checkout } = await cardOrder(2);
    expect(placed.payment.provider).toBe("STRIPE");
    const create = stripe.calls.filter((call) => call.method === "paymentIntents.create");
    expect(create).toHaveLength(1);
    expect(create[0]!.args[0]).toMatchObject({ amount: 2500, currency: "eur", metadata: { orderId: order.id } });
    expect(create[0]!.args[1]).toEqual({ idempotencyKey: `order-${order.id}` });
    expect(placed.payment).toEqual({ provider: "STRIPE", clientSecret: `${order.paymentRef}_secret_abc` });
    expect(order).toMatchObject({ status: "PENDING", paymentProvider: "STRIPE", payBy: checkout.expiresAt });
    // Placing again: the same order and PaymentIntent (no second create).
    const again = await buyer.checkout.place({ checkoutId: checkout.id, shippingAddress: ADDRESS, paymentMethod: "STRIPE" });
    expect(again).toEqual(placed);
    expect(stripe.calls.filter((call) => call.method === "paymentIntents.create")).toHaveLength(1);
  });

  it("a hand-signed payment_intent.succeeded marks the order paid once; a replay is ignored", async () => {
    const { order } = await cardOrder();
    const body = stripeEvent("payment_intent.succeeded", intent(order.paymentRef!));
    expect(await webhook(body, sign(body))).toEqual({ status: "applied", orderChanged: true });
    expect(await orderStatus(order.id)).toBe("PAID");
    const events = await env.db.paymentEvent.findMany({ where: { orderId: order.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      provider: "STRIPE",
      type: "payment_intent.succeeded",
      providerEventId: (JSON.parse(body) as { id: string }).id,
    });

    expect(await webhook(body, sign(body))).toEqual({ status: "duplicate" });
    expect(await env.db.paymentEvent.count({ where: { orderId: order.id } })).toBe(1);
    expect(await orderStatus(order.id)).toBe("PAID");
  });

  it("refuses a wrong secret, a stale timestamp, a tampered body and a missing signature, changing nothing", async () => {
    const { order } = await cardOrder();
    const body = stripeEvent("payment_intent.succeeded", intent(order.paymentRef!));
    const tampered = body.replace(order.paymentRef!, "pi_someone_else");
    const before = await env.db.paymentEvent.count();
    expect(await webhook(body, sign(body, { secret: "whsec_wrongsecret" }))).toEqual({ status: "rejected" });
    expect(await webhook(body, sign(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }))).toEqual({ status: "rejected" });
    expect(await webhook(tampered, sign(body))).toEqual({ status: "rejected" });
    expect(await webhook(body, new Headers())).toEqual({ status: "rejected" });
    expect(await env.db.paymentEvent.count()).toBe(before);
    expect(await orderStatus(order.id)).toBe("PENDING");
    // Without Stripe configured every webhook is refused.
    env.shop = shopSettings();
    expect(await webhook(body, sign(body))).toEqual({ status: "rejected" });
    expect(await orderStatus(order.id)).toBe("PENDING");
  });

  it("payment_failed keeps the order pending; canceled cancels it with the units back", async () => {
    const { order, product } = await cardOrder(3);
    expect((await shopState(env.db, product.id)).variants[0]!.stock).toBe(7);
    const failed = stripeEvent("payment_intent.payment_failed", { ...intent(order.paymentRef!), status: "requires_payment_method" });
    expect(await webhook(failed, sign(failed))).toEqual({ status: "applied", orderChanged: false });
    expect(await orderStatus(order.id)).toBe("PENDING");

    const canceled = stripeEvent("payment_intent.canceled", { ...intent(order.paymentRef!), status: "canceled" });
    expect(await webhook(canceled, sign(canceled))).toEqual({ status: "applied", orderChanged: true });
    expect(await orderStatus(order.id)).toBe("CANCELLED");
    expect((await shopState(env.db, product.id)).variants[0]!.stock).toBe(10);
    // A late success does not resurrect a cancelled order.
    const late = stripeEvent("payment_intent.succeeded", intent(order.paymentRef!));
    expect(await webhook(late, sign(late))).toEqual({ status: "applied", orderChanged: false });
    expect(await orderStatus(order.id)).toBe("CANCELLED");
    // ... and money taken for a cancelled order goes back.
    expect(stripe.calls.filter((call) => call.method === "refunds.create").map((call) => call.args[0])).toEqual([
      { payment_intent: order.paymentRef },
    ]);
  });

  it("charge.refunded refunds a paid order (units back when not yet fulfilled)", async () => {
    const { order, product } = await cardOrder(2);
    const paid = stripeEvent("payment_intent.succeeded", intent(order.paymentRef!));
    await webhook(paid, sign(paid));
    const refunded = stripeEvent("charge.refunded", { id: "ch_test", object: "charge", payment_intent: order.paymentRef, refunded: true });
    expect(await webhook(refunded, sign(refunded))).toEqual({ status: "applied", orderChanged: true });
    expect(await orderStatus(order.id)).toBe("REFUNDED");
    expect((await shopState(env.db, product.id)).variants[0]!.stock).toBe(10);
  });

  it("an unpaid card order past payBy is cancelled by the hold's job, units back", async () => {
    const { order, product, checkout } = await cardOrder(4);
    expect(await releaseHold(env, { checkoutId: checkout.id })).toEqual({ expiredCheckout: false, cancelledOrder: false });
    await env.db.$executeRaw`UPDATE orders SET "payBy" = now() - interval '1 second' WHERE id = ${order.id}`;
    expect(await releaseHold(env, { checkoutId: checkout.id })).toEqual({ expiredCheckout: false, cancelledOrder: true });
    expect(await orderStatus(order.id)).toBe("CANCELLED");
    // Its PaymentIntent is cancelled too, so it can no longer be paid.
    expect(stripe.calls.filter((call) => call.method === "paymentIntents.cancel").map((call) => call.args[0])).toEqual([order.paymentRef]);
    expect((await shopState(env.db, product.id)).variants[0]!.stock).toBe(10);
    expect(await releaseHold(env, { checkoutId: checkout.id })).toEqual({ expiredCheckout: false, cancelledOrder: false });
    expect((await shopState(env.db, product.id)).variants[0]!.stock).toBe(10);
  });

  it("the seller's cancel and refund go through Stripe first; card orders are not marked paid by hand", async () => {
    const first = await cardOrder(1);
    const seller = callerFor(env, first.owner);
    const streamId = first.stream.id;
    expect(await refusalOf(seller.orders.setStatus({ streamId, orderId: first.order.id, status: "PAID" }))).toMatchObject({
      code: "CONFLICT",
      message: "Card orders become paid when Stripe confirms the payment.",
    });
    expect(await seller.orders.cancel({ streamId, orderId: first.order.id })).toMatchObject({ status: "CANCELLED" });
    expect(stripe.calls.filter((call) => call.method === "paymentIntents.cancel").map((call) => call.args[0])).toEqual([
      first.order.paymentRef,
    ]);

    const second = await cardOrder(1);
    const paid = stripeEvent("payment_intent.succeeded", intent(second.order.paymentRef!));
    await webhook(paid, sign(paid));
    expect(await callerFor(env, second.owner).orders.refund({ streamId: second.stream.id, orderId: second.order.id })).toMatchObject({
      status: "REFUNDED",
    });
    const refunds = stripe.calls.filter((call) => call.method === "refunds.create");
    expect(refunds.map((call) => call.args)).toEqual([
      [{ payment_intent: second.order.paymentRef }, { idempotencyKey: `refund-${second.order.id}` }],
    ]);
  });

  it("over HTTP: 400 for a bad signature (nothing changed), 200 when applied and for a replay, 413 when too large", async () => {
    const { order } = await cardOrder();
    const body = stripeEvent("payment_intent.succeeded", intent(order.paymentRef!));
    const post = (rawBody: string, headers: Headers) =>
      paymentWebhookResponse(
        env,
        "STRIPE",
        new Request("http://onair.test/api/payments/stripe", { method: "POST", body: rawBody, headers }),
      );

    const refused = await post(body, sign(body, { secret: "whsec_wrongsecret" }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { message: "The signature does not match (or this provider is not configured)." } });
    expect((await post(body, sign(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }))).status).toBe(400);
    expect((await post(`${body} `, sign(body))).status).toBe(400);
    expect(await orderStatus(order.id)).toBe("PENDING");
    expect(await env.db.paymentEvent.count({ where: { orderId: order.id } })).toBe(0);

    const applied = await post(body, sign(body));
    expect(applied.status).toBe(200);
    expect(await applied.json()).toEqual({ received: true, duplicate: false });
    expect(await orderStatus(order.id)).toBe("PAID");
    const replayed = await post(body, sign(body));
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toEqual({ received: true, duplicate: true });

    const huge = "x".repeat(300 * 1024);
    expect((await post(huge, sign(huge))).status).toBe(413);
  });

  it("an event that arrives before the order stored its PaymentIntent id finds the order by its metadata", async () => {
    const { order } = await cardOrder();
    await env.db.order.update({ where: { id: order.id }, data: { paymentRef: null } });
    const body = stripeEvent("payment_intent.succeeded", { ...intent(order.paymentRef!), metadata: { orderId: order.id } });
    expect(await webhook(body, sign(body))).toEqual({ status: "applied", orderChanged: true });
    expect(await orderStatus(order.id)).toBe("PAID");
    // Metadata naming an order paid another way (already has a different PaymentIntent) is not trusted.
    const other = await cardOrder();
    const forged = stripeEvent("payment_intent.succeeded", { ...intent("pi_unrelated"), metadata: { orderId: other.order.id } });
    expect(await webhook(forged, sign(forged))).toEqual({ status: "applied", orderChanged: false });
    expect(await orderStatus(other.order.id)).toBe("PENDING");
  });
});
