import { randomInt } from "node:crypto";
import type { DbOrTx } from "@onair/db";
import type { z } from "zod";
import { AppError } from "../../../errors";
import type { StreamEvent } from "../../../events/types";
import type { ServiceDeps, SignedInDeps } from "../../deps";
import { inTransaction } from "../../shared/transaction";
import { recordShopMetrics } from "../metrics";
import { orderSelect, buyerOrderView, sellerOrderView, shopTotals, type BuyerOrderView } from "../orders/views";
import { providerOf } from "../payments";
import { formatMoney } from "./money";
import type { checkoutIdInput, checkoutPlaceInput, checkoutStartInput } from "./schemas";
import { returnUnits, stockEvents } from "./units";
import { checkoutSelect, checkoutView, type CheckoutView } from "./views";

/** A buyer's checkouts holding units at once. */
export const MAX_OPEN_CHECKOUTS = 5;

export const CHECKOUT_NOT_FOUND = "No checkout with that id.";
export const CHECKOUT_EXPIRED = "This checkout expired: the units went back on sale.";
export const NOT_ON_SHELF = "That product is not on sale in this stream.";
export const OTHER_PRODUCTS_VARIANT = "That variant belongs to another product.";

type Deps = Pick<ServiceDeps, "db" | "bus" | "jobs" | "shop" | "limits"> & { actor: SignedInDeps["actor"] };

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === "P2002";
}

async function checkoutByRequest(db: DbOrTx, userId: string, requestId: string): Promise<CheckoutView | null> {
  const row = await db.checkout.findUnique({ where: { userId_requestId: { userId, requestId } }, select: checkoutSelect });
  return row ? checkoutView(row) : null;
}

/** "Sold out." or "Sold out: only N left." */
function soldOutMessage(left: number): string {
  return left > 0 ? `Sold out: only ${left} left.` : "Sold out.";
}

/**
 * Opens a checkout: holds `quantity` units of the variant for SHOP_HOLD_SECONDS
 * at the price the buyer was shown. One transaction; every counter moves by a
 * conditional single-statement update, so concurrent buyers never oversell and
 * a refused start changes nothing. The same requestId returns the same checkout.
 */
export async function startCheckout(deps: Deps, input: z.infer<typeof checkoutStartInput>): Promise<CheckoutView> {
  const userId = deps.actor.id;
  const existing = await checkoutByRequest(deps.db, userId, input.requestId);
  if (existing) return existing;
  await deps.limits.shop.takeCheckoutStart(userId);
  try {
    return await inTransaction(deps, (tx) => openCheckout(tx, deps, input));
  } catch (error) {
    // A concurrent duplicate (same requestId) committed first: it is this call's checkout.
    const duplicate = await checkoutByRequest(deps.db, userId, input.requestId);
    if (duplicate) return duplicate;
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "That checkout is being opened: try again.");
    throw error;
  }
}

async function openCheckout(tx: DbOrTx, deps: Deps, input: z.infer<typeof checkoutStartInput>) {
  const userId = deps.actor.id;
  const { streamId, productId, variantId, quantity } = input;

  const shelf = await tx.streamProduct.findUnique({
    where: { streamId_productId: { streamId, productId } },
    select: {
      soldOut: true,
      stream: { select: { status: true } },
      product: { select: { status: true, priceCents: true, currency: true } },
    },
  });
  if (!shelf || shelf.product.status !== "ACTIVE") {
    const stream = await tx.liveStream.count({ where: { id: streamId } });
    throw new AppError("NOT_FOUND", stream === 0 ? "No stream with that id." : NOT_ON_SHELF);
  }
  if (shelf.stream.status === "ENDED") throw new AppError("CONFLICT", "This stream has ended: its shop is closed.");
  if (shelf.soldOut) throw new AppError("SOLD_OUT", "Sold out.");
  const variant = await tx.productVariant.findUnique({
    where: { id: variantId },
    select: { productId: true, priceCents: true, archived: true },
  });
  if (!variant || variant.productId !== productId) throw new AppError("BAD_REQUEST", OTHER_PRODUCTS_VARIANT);
  if (variant.archived) throw new AppError("CONFLICT", "That option is no longer sold.");

  // One buyer's starts take turns (their open checkouts are counted exactly); other buyers are not held up.
  await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId} FOR NO KEY UPDATE`;
  const open = await tx.checkout.count({ where: { userId, status: "OPEN" } });
  if (open >= MAX_OPEN_CHECKOUTS) {
    throw new AppError("TOO_MANY_REQUESTS", `You have ${MAX_OPEN_CHECKOUTS} checkouts open: place or cancel one first.`);
  }

  // The running flash sale by the database's clock.
  const [sale] = await tx.$queryRaw<{ id: string; priceCents: number; perBuyerLimit: number }[]>`
    SELECT id, "priceCents", "perBuyerLimit" FROM flash_sales
    WHERE "streamId" = ${streamId} AND "productId" = ${productId} AND "cancelledAt" IS NULL AND "startsAt" <= now() AND now() < "endsAt"
    ORDER BY "startsAt" LIMIT 1`;
  const currency = shelf.product.currency;
  const unitPriceCents = sale ? sale.priceCents : (variant.priceCents ?? shelf.product.priceCents);
  if (unitPriceCents !== input.expectedUnitPriceCents) {
    throw new AppError(
      "PRICE_CHANGED",
      sale
        ? `The price is now ${formatMoney(unitPriceCents, currency)} (a flash sale).`
        : `The price is now ${formatMoney(unitPriceCents, currency)}.`,
    );
  }

  if (sale) {
    if (quantity > sale.perBuyerLimit) throw new AppError("CONFLICT", `You can buy at most ${sale.perBuyerLimit} at this price.`);
    const buyer = await tx.$queryRaw<{ quantity: number }[]>`
      INSERT INTO flash_sale_buyers ("flashSaleId", "userId", quantity) VALUES (${sale.id}, ${userId}, ${quantity})
      ON CONFLICT ("flashSaleId", "userId") DO UPDATE SET quantity = flash_sale_buyers.quantity + EXCLUDED.quantity
      WHERE flash_sale_buyers.quantity + EXCLUDED.quantity <= ${sale.perBuyerLimit}
      RETURNING quantity`;
    if (buyer.length === 0) throw new AppError("CONFLICT", `You can buy at most ${sale.perBuyerLimit} at this price.`);
    const taken = await tx.$executeRaw`
      UPDATE flash_sales SET "soldQuantity" = "soldQuantity" + ${quantity}
      WHERE id = ${sale.id} AND "soldQuantity" + ${quantity} <= "totalQuantity" AND now() < "endsAt" AND "cancelledAt" IS NULL`;
    if (taken === 0) {
      const now = await tx.flashSale.findUnique({ where: { id: sale.id }, select: { totalQuantity: true, soldQuantity: true } });
      const left = now ? now.totalQuantity - now.soldQuantity : 0;
      throw new AppError("SOLD_OUT", left > 0 ? `Sold out at this price: only ${left} left.` : "Sold out at this price.");
    }
  }

  const stock = await tx.$queryRaw<{ stock: number | null }[]>`
    UPDATE product_variants SET stock = stock - ${quantity}, "updatedAt" = now()
    WHERE id = ${variantId} AND (stock IS NULL OR stock >= ${quantity}) RETURNING stock`;
  if (stock.length === 0) {
    const left = await tx.productVariant.findUnique({ where: { id: variantId }, select: { stock: true } });
    throw new AppError("SOLD_OUT", soldOutMessage(left?.stock ?? 0));
  }

  const [{ expiresAt }] = await tx.$queryRaw<[{ expiresAt: Date }]>`
    SELECT now() + make_interval(secs => ${deps.shop.holdSeconds}::int) AS "expiresAt"`;
  const row = await tx.checkout.create({
    data: {
      userId,
      requestId: input.requestId,
      streamId,
      productId,
      variantId,
      quantity,
      unitPriceCents,
      currency,
      flashSaleId: sale?.id ?? null,
      expiresAt,
    },
    select: checkoutSelect,
  });
  await deps.jobs.send("shop.releaseHold", { checkoutId: row.id }, { tx, startAfter: expiresAt });
  await recordShopMetrics(tx, { streamId, productId, currency }, { checkoutsStarted: 1 });
  return { result: checkoutView(row), events: await stockEvents(tx, streamId, productId) };
}

async function ownCheckout(db: DbOrTx, userId: string, checkoutId: string) {
  const row = await db.checkout.findUnique({ where: { id: checkoutId }, select: checkoutSelect });
  if (!row || row.userId !== userId) throw new AppError("NOT_FOUND", CHECKOUT_NOT_FOUND);
  return row;
}

export async function getCheckout(deps: Pick<SignedInDeps, "db" | "actor">, input: z.infer<typeof checkoutIdInput>): Promise<CheckoutView> {
  return checkoutView(await ownCheckout(deps.db, deps.actor.id, input.checkoutId));
}

/** The buyer closes an open checkout: its units (and deal units) go back on sale. A closed one is returned as it is. */
export async function cancelCheckout(deps: Deps, input: z.infer<typeof checkoutIdInput>): Promise<CheckoutView> {
  await ownCheckout(deps.db, deps.actor.id, input.checkoutId);
  return inTransaction(deps, async (tx) => {
    const [held] = await tx.$queryRaw<
      { userId: string; streamId: string | null; productId: string; variantId: string; quantity: number; flashSaleId: string | null }[]
    >`UPDATE checkouts SET status = 'CANCELLED', "updatedAt" = now() WHERE id = ${input.checkoutId} AND status = 'OPEN'
      RETURNING "userId", "streamId", "productId", "variantId", quantity, "flashSaleId"`;
    const events: StreamEvent[] = [];
    if (held) {
      await returnUnits(tx, held);
      events.push(...(await stockEvents(tx, held.streamId, held.productId)));
    }
    return { result: checkoutView(await ownCheckout(tx, deps.actor.id, input.checkoutId)), events };
  });
}

export type PlacedPayment = { provider: "COD" } | { provider: "STRIPE"; clientSecret: string };

export interface PlacedOrder {
  order: BuyerOrderView;
  payment: PlacedPayment;
}

const ORDER_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A short code people can read out (no 0/O or 1/I): 8 of 32 symbols, about 10^12 of them. */
function orderNumber(): string {
  let code = "";
  for (let index = 0; index < 8; index += 1) code += ORDER_NUMBER_ALPHABET[randomInt(ORDER_NUMBER_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * Turns an open checkout into an order (at the price and with the units the
 * checkout holds). Idempotent: placing a placed checkout returns its order.
 * Pay on delivery: the order waits for the seller. Stripe: a PaymentIntent is
 * created after the order commits; unpaid by the hold's end, it is cancelled.
 */
export async function placeCheckout(deps: Deps, input: z.infer<typeof checkoutPlaceInput>): Promise<PlacedOrder> {
  const userId = deps.actor.id;
  const checkout = await ownCheckout(deps.db, userId, input.checkoutId);
  const { payments } = deps.shop;
  if (checkout.status === "OPEN") providerOf(payments, input.paymentMethod);

  const orderId = await inTransaction(deps, async (tx) => {
    const placed = await tx.$executeRaw`UPDATE checkouts SET status = 'PLACED', "updatedAt" = now()
      WHERE id = ${checkout.id} AND status = 'OPEN' AND "expiresAt" > now()`;
    if (placed === 0) {
      const now = await tx.checkout.findUnique({ where: { id: checkout.id }, select: { status: true, order: { select: { id: true } } } });
      if (now?.status === "PLACED" && now.order) return { result: now.order.id, events: [] };
      throw new AppError("CONFLICT", CHECKOUT_EXPIRED);
    }
    const provider = input.paymentMethod;
    const order = await tx.order.create({
      data: {
        number: orderNumber(),
        checkoutId: checkout.id,
        userId,
        sellerId: checkout.product.ownerId,
        productId: checkout.productId,
        variantId: checkout.variantId,
        streamId: checkout.streamId,
        flashSaleId: checkout.flashSaleId,
        productTitle: checkout.product.title,
        variantName: checkout.variant.name,
        quantity: checkout.quantity,
        unitPriceCents: checkout.unitPriceCents,
        totalCents: checkout.unitPriceCents * checkout.quantity,
        currency: checkout.currency,
        shippingAddress: input.shippingAddress,
        paymentProvider: provider,
        payBy: provider === "STRIPE" ? checkout.expiresAt : null,
      },
      select: orderSelect,
    });
    const events: StreamEvent[] = [];
    if (checkout.streamId) {
      await recordShopMetrics(
        tx,
        { streamId: checkout.streamId, productId: checkout.productId, currency: checkout.currency },
        { orders: 1, units: order.quantity, revenueCents: order.totalCents },
      );
      events.push({
        type: "orders.placed",
        streamId: checkout.streamId,
        order: sellerOrderView(order),
        totals: await shopTotals(tx, checkout.streamId),
      });
    }
    return { result: order.id, events };
  });

  let order = await deps.db.order.findUniqueOrThrow({ where: { id: orderId }, select: orderSelect });
  if (order.paymentProvider === "COD") return { order: buyerOrderView(order), payment: { provider: "COD" } };
  const { clientSecret, ref } = await providerOf(payments, "STRIPE").initiate(order);
  if (ref && ref !== order.paymentRef) {
    order = await deps.db.order.update({ where: { id: order.id }, data: { paymentRef: ref }, select: orderSelect });
  }
  if (!clientSecret) throw new AppError("SERVICE_UNAVAILABLE", "The card payment could not be started: try again.");
  return { order: buyerOrderView(order), payment: { provider: "STRIPE", clientSecret } };
}

export function paymentOptions(deps: Pick<ServiceDeps, "shop">): { providers: ("COD" | "STRIPE")[]; stripePublishableKey: string | null } {
  const { payments } = deps.shop;
  return { providers: [...payments.providers.keys()], stripePublishableKey: payments.stripePublishableKey };
}
