import { randomInt } from "node:crypto";
import type { DbOrTx, ProductStatus, StreamStatus } from "@onair/db";
import type { z } from "zod";
import { AppError } from "../../../errors";
import type { StreamEvent } from "../../../events/types";
import type { ServiceDeps, SignedInDeps } from "../../deps";
import { inTransaction } from "../../shared/transaction";
import { recordShopMetrics } from "../metrics";
import { orderSelect, buyerOrderView, sellerOrderView, shopTotals, type BuyerOrderView } from "../orders/views";
import { providerOf } from "../payments";
import { productImageUrl } from "../shelf-view";
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

/** A shelf product, one of its variants and its running flash sale, as a checkout needs them (one query). */
interface Offer {
  soldOut: boolean;
  streamStatus: StreamStatus;
  productStatus: ProductStatus;
  productPriceCents: number;
  currency: string;
  title: string;
  imageKeys: string[];
  ownerId: string;
  variantProductId: string | null;
  variantName: string | null;
  variantPriceCents: number | null;
  variantArchived: boolean | null;
  variantStock: number | null;
  saleId: string | null;
  salePriceCents: number | null;
  salePerBuyerLimit: number | null;
  saleRemaining: number | null;
}

/** The offer by the database's clock (a flash sale runs while startsAt ≤ now() < endsAt and it was not stopped); null: not on the shelf. */
async function offerOf(db: DbOrTx, input: { streamId: string; productId: string; variantId: string }): Promise<Offer | null> {
  const [offer] = await db.$queryRaw<Offer[]>`
    SELECT sp."soldOut", s.status AS "streamStatus", p.status AS "productStatus", p."priceCents" AS "productPriceCents",
           p.currency, p.title, p."imageKeys", p."ownerId",
           v."productId" AS "variantProductId", v.name AS "variantName", v."priceCents" AS "variantPriceCents",
           v.archived AS "variantArchived", v.stock AS "variantStock",
           fs.id AS "saleId", fs."priceCents" AS "salePriceCents", fs."perBuyerLimit" AS "salePerBuyerLimit",
           fs."totalQuantity" - fs."soldQuantity" AS "saleRemaining"
    FROM stream_products sp
    JOIN live_streams s ON s.id = sp."streamId"
    JOIN products p ON p.id = sp."productId"
    LEFT JOIN product_variants v ON v.id = ${input.variantId}
    LEFT JOIN LATERAL (
      SELECT id, "priceCents", "perBuyerLimit", "totalQuantity", "soldQuantity" FROM flash_sales
      WHERE "streamId" = sp."streamId" AND "productId" = sp."productId" AND "cancelledAt" IS NULL AND "startsAt" <= now() AND now() < "endsAt"
      ORDER BY "startsAt" LIMIT 1
    ) fs ON true
    WHERE sp."streamId" = ${input.streamId} AND sp."productId" = ${input.productId}`;
  return offer ?? null;
}

/**
 * What the buyer may buy at which price, or the specific refusal. Read before
 * the transaction: a sold-out product is refused with one query (the hot
 * product's usual answer); what the transaction then takes is decided by its
 * conditional updates alone.
 */
async function checkedOffer(db: DbOrTx, input: z.infer<typeof checkoutStartInput>) {
  const offer = await offerOf(db, input);
  if (!offer || offer.productStatus !== "ACTIVE") {
    const stream = await db.liveStream.count({ where: { id: input.streamId } });
    throw new AppError("NOT_FOUND", stream === 0 ? "No stream with that id." : NOT_ON_SHELF);
  }
  if (offer.streamStatus === "ENDED") throw new AppError("CONFLICT", "This stream has ended: its shop is closed.");
  if (offer.soldOut) throw new AppError("SOLD_OUT", "Sold out.");
  if (offer.variantProductId !== input.productId || offer.variantName === null) throw new AppError("BAD_REQUEST", OTHER_PRODUCTS_VARIANT);
  if (offer.variantArchived) throw new AppError("CONFLICT", "That option is no longer sold.");
  const sale =
    offer.saleId !== null
      ? { id: offer.saleId, priceCents: offer.salePriceCents!, perBuyerLimit: offer.salePerBuyerLimit!, remaining: offer.saleRemaining! }
      : null;
  const unitPriceCents = sale ? sale.priceCents : (offer.variantPriceCents ?? offer.productPriceCents);
  if (unitPriceCents !== input.expectedUnitPriceCents) {
    throw new AppError("PRICE_CHANGED", `The price is now ${formatMoney(unitPriceCents, offer.currency)}${sale ? " (a flash sale)" : ""}.`);
  }
  if (sale && input.quantity > sale.perBuyerLimit)
    throw new AppError("CONFLICT", `You can buy at most ${sale.perBuyerLimit} at this price.`);
  if (sale && sale.remaining < input.quantity) {
    throw new AppError("SOLD_OUT", sale.remaining > 0 ? `Sold out at this price: only ${sale.remaining} left.` : "Sold out at this price.");
  }
  if (offer.variantStock !== null && offer.variantStock < input.quantity)
    throw new AppError("SOLD_OUT", soldOutMessage(offer.variantStock));
  return { offer, sale, unitPriceCents };
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
  try {
    const checked = await checkedOffer(deps.db, input);
    await deps.limits.shop.takeCheckoutStart(userId);
    return await inTransaction(deps, (tx) => openCheckout(tx, deps, input, checked));
  } catch (error) {
    // A concurrent duplicate (same requestId) committed first (and may have taken the last units): it is this call's checkout.
    const duplicate = await checkoutByRequest(deps.db, userId, input.requestId);
    if (duplicate) return duplicate;
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "That checkout is being opened: try again.");
    throw error;
  }
}

async function openCheckout(
  tx: DbOrTx,
  deps: Deps,
  input: z.infer<typeof checkoutStartInput>,
  { offer, sale, unitPriceCents }: Awaited<ReturnType<typeof checkedOffer>>,
) {
  const userId = deps.actor.id;
  const { streamId, productId, variantId, quantity } = input;

  // One buyer's starts take turns (their open checkouts are counted exactly); other buyers are not held up.
  const [{ open }] = await tx.$queryRaw<[{ open: number }]>`
    SELECT (SELECT count(*)::int FROM checkouts WHERE "userId" = ${userId} AND status = 'OPEN') AS open
    FROM users WHERE id = ${userId} FOR NO KEY UPDATE`;
  if (open >= MAX_OPEN_CHECKOUTS) {
    throw new AppError("TOO_MANY_REQUESTS", `You have ${MAX_OPEN_CHECKOUTS} checkouts open: place or cancel one first.`);
  }

  if (sale) {
    const buyer = await tx.$queryRaw<{ quantity: number }[]>`
      INSERT INTO flash_sale_buyers ("flashSaleId", "userId", quantity) VALUES (${sale.id}, ${userId}, ${quantity})
      ON CONFLICT ("flashSaleId", "userId") DO UPDATE SET quantity = flash_sale_buyers.quantity + EXCLUDED.quantity
      WHERE flash_sale_buyers.quantity + EXCLUDED.quantity <= ${sale.perBuyerLimit}
      RETURNING quantity`;
    if (buyer.length === 0) throw new AppError("CONFLICT", `You can buy at most ${sale.perBuyerLimit} at this price.`);
    const [taken] = await tx.$queryRaw<{ id: string }[]>`
      UPDATE flash_sales SET "soldQuantity" = "soldQuantity" + ${quantity}
      WHERE id = ${sale.id} AND "soldQuantity" + ${quantity} <= "totalQuantity" AND now() < "endsAt" AND "cancelledAt" IS NULL
      RETURNING id`;
    if (!taken) {
      const now = await tx.flashSale.findUnique({
        where: { id: sale.id },
        select: { totalQuantity: true, soldQuantity: true, endsAt: true, cancelledAt: true },
      });
      if (!now || now.cancelledAt || now.endsAt <= new Date()) {
        const price = offer.variantPriceCents ?? offer.productPriceCents;
        throw new AppError("PRICE_CHANGED", `The flash sale has ended: the price is now ${formatMoney(price, offer.currency)}.`);
      }
      const left = now.totalQuantity - now.soldQuantity;
      throw new AppError("SOLD_OUT", left > 0 ? `Sold out at this price: only ${left} left.` : "Sold out at this price.");
    }
  }

  const [taken] = await tx.$queryRaw<{ stock: number | null; expiresAt: Date }[]>`
    UPDATE product_variants SET stock = stock - ${quantity}, "updatedAt" = now()
    WHERE id = ${variantId} AND (stock IS NULL OR stock >= ${quantity})
    RETURNING stock, now() + make_interval(secs => ${deps.shop.holdSeconds}::int) AS "expiresAt"`;
  if (!taken) {
    const left = await tx.productVariant.findUnique({ where: { id: variantId }, select: { stock: true } });
    throw new AppError("SOLD_OUT", soldOutMessage(left?.stock ?? 0));
  }

  const { expiresAt } = taken;
  const row = await tx.checkout.create({
    data: {
      userId,
      requestId: input.requestId,
      streamId,
      productId,
      variantId,
      quantity,
      unitPriceCents,
      currency: offer.currency,
      flashSaleId: sale?.id ?? null,
      expiresAt,
    },
    select: { id: true },
  });
  await deps.jobs.send("shop.releaseHold", { checkoutId: row.id }, { tx, startAfter: expiresAt });
  await recordShopMetrics(tx, { streamId, productId, currency: offer.currency }, { checkoutsStarted: 1 });
  const imageKey = offer.imageKeys[0];
  const view: CheckoutView = {
    id: row.id,
    status: "OPEN",
    streamId,
    productId,
    variantId,
    productTitle: offer.title,
    variantName: offer.variantName!,
    imageUrl: imageKey ? productImageUrl(imageKey) : null,
    quantity,
    unitPriceCents,
    totalCents: unitPriceCents * quantity,
    currency: offer.currency,
    flashSale: sale !== null,
    expiresAt,
    orderId: null,
  };
  return { result: view, events: await stockEvents(tx, streamId, productId) };
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

  const placed = await inTransaction(deps, async (tx) => {
    const updated = await tx.$executeRaw`UPDATE checkouts SET status = 'PLACED', "updatedAt" = now()
      WHERE id = ${checkout.id} AND status = 'OPEN' AND "expiresAt" > now()`;
    if (updated === 0) {
      const now = await tx.checkout.findUnique({ where: { id: checkout.id }, select: { status: true, order: { select: { id: true } } } });
      if (now?.status === "PLACED" && now.order) {
        return { result: await tx.order.findUniqueOrThrow({ where: { id: now.order.id }, select: orderSelect }), events: [] };
      }
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
    return { result: order, events };
  });

  let order = placed;
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
