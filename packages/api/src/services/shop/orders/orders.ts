import type { DbOrTx, OrderStatus } from "@onair/db";
import type { z } from "zod";
import { AppError } from "../../../errors";
import type { SellerOrderView, ShopTotalsView, StreamEvent } from "../../../events/types";
import type { SignedInDeps, StreamDeps } from "../../deps";
import { writeLog } from "../../moderation/audit";
import { notifyOrderStatus } from "../../notifications/producers";
import { inTransaction } from "../../shared/transaction";
import type { ShippingAddress } from "../checkout/schemas";
import { orderChangedEvents } from "../checkout/release";
import { returnUnits } from "../checkout/units";
import { providerOf } from "../payments";
import {
  ORDERS_PAGE_SIZE,
  type myOrdersInput,
  type orderIdInput,
  type orderReasonInput,
  type setOrderStatusInput,
  type streamOrderInput,
  type streamOrdersInput,
} from "./schemas";
import { buyerOrderView, orderSelect, sellerOrderView, shopTotals, type BuyerOrderView, type OrderRow } from "./views";

export const ORDER_NOT_FOUND = "No order with that id.";

const STATUS_WORDS: Record<OrderStatus, string> = {
  PENDING: "pending",
  PAID: "paid",
  FULFILLED: "fulfilled",
  CANCELLED: "cancelled",
  REFUNDED: "refunded",
};

function page<Row extends { id: string }>(rows: Row[]): { rows: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, ORDERS_PAGE_SIZE);
  return { rows: items, nextCursor: rows.length > ORDERS_PAGE_SIZE ? items.at(-1)!.id : null };
}

const cursorArgs = (cursor: string | null | undefined) => ({
  take: ORDERS_PAGE_SIZE + 1,
  ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
});

/** The buyer's orders, newest first. */
export async function myOrders(
  deps: Pick<SignedInDeps, "db" | "actor">,
  input: z.infer<typeof myOrdersInput>,
): Promise<{ items: BuyerOrderView[]; nextCursor: string | null }> {
  const rows = await deps.db.order.findMany({
    where: { userId: deps.actor.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: orderSelect,
    ...cursorArgs(input.cursor),
  });
  const { rows: items, nextCursor } = page(rows);
  return { items: items.map(buyerOrderView), nextCursor };
}

export async function myOrder(deps: Pick<SignedInDeps, "db" | "actor">, input: z.infer<typeof orderIdInput>): Promise<BuyerOrderView> {
  const row = await deps.db.order.findUnique({ where: { id: input.orderId }, select: orderSelect });
  if (!row || row.userId !== deps.actor.id) throw new AppError("NOT_FOUND", ORDER_NOT_FOUND);
  return buyerOrderView(row);
}

/** A stream's orders for its seller, newest first, optionally of one status, with the stream's totals. */
export async function streamOrders(
  deps: Pick<StreamDeps, "db" | "stream">,
  input: z.infer<typeof streamOrdersInput>,
): Promise<{ items: SellerOrderView[]; totals: ShopTotalsView; nextCursor: string | null }> {
  const rows = await deps.db.order.findMany({
    where: { streamId: deps.stream.id, ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: orderSelect,
    ...cursorArgs(input.cursor),
  });
  const { rows: items, nextCursor } = page(rows);
  return { items: items.map(sellerOrderView), totals: await shopTotals(deps.db, deps.stream.id), nextCursor };
}

async function streamOrder(db: DbOrTx, streamId: string, orderId: string): Promise<OrderRow> {
  const row = await db.order.findUnique({ where: { id: orderId }, select: orderSelect });
  if (!row || row.streamId !== streamId) throw new AppError("NOT_FOUND", ORDER_NOT_FOUND);
  return row;
}

export async function streamOrderDetail(
  deps: Pick<StreamDeps, "db" | "stream">,
  input: z.infer<typeof streamOrderInput>,
): Promise<SellerOrderView & { shippingAddress: ShippingAddress }> {
  const row = await streamOrder(deps.db, deps.stream.id, input.orderId);
  return { ...sellerOrderView(row), shippingAddress: row.shippingAddress as unknown as ShippingAddress };
}

function notNow(row: OrderRow, wanted: string): AppError {
  return new AppError("CONFLICT", `This order is ${STATUS_WORDS[row.status]}: it cannot be ${wanted}.`);
}

/** Seller transitions: PENDING → PAID (pay on delivery: cash collected), PENDING → FULFILLED (pay on delivery), PAID → FULFILLED. */
export async function setOrderStatus(
  deps: Pick<StreamDeps, "db" | "bus" | "stream"> & Partial<Pick<StreamDeps, "jobs" | "push">>,
  input: z.infer<typeof setOrderStatusInput>,
): Promise<SellerOrderView> {
  const row = await streamOrder(deps.db, deps.stream.id, input.orderId);
  const cod = row.paymentProvider === "COD";
  if (!cod && row.status === "PENDING") {
    throw new AppError(
      "CONFLICT",
      input.status === "PAID"
        ? "Card orders become paid when Stripe confirms the payment."
        : "This card order is not paid yet: it cannot be fulfilled.",
    );
  }
  const from: OrderStatus[] = input.status === "PAID" ? (cod ? ["PENDING"] : []) : cod ? ["PENDING", "PAID"] : ["PAID"];
  const wanted = input.status === "PAID" ? "marked paid" : "fulfilled";
  if (!from.includes(row.status)) throw notNow(row, wanted);
  const order = await inTransaction(deps, async (tx) => {
    const stamp = input.status === "PAID" ? { paidAt: new Date() } : { fulfilledAt: new Date() };
    const changed = await tx.order.updateMany({ where: { id: row.id, status: { in: from } }, data: { status: input.status, ...stamp } });
    if (changed.count === 0) throw notNow(await streamOrder(tx, deps.stream.id, row.id), wanted);
    const events = await orderChangedEvents(tx, row.id, { stock: false });
    return { result: sellerOrderView(await streamOrder(tx, deps.stream.id, row.id)), events };
  });
  await notifyOrderStatus(deps, row.id);
  return order;
}

/**
 * The seller cancels an order not yet fulfilled: its units go back on sale;
 * a card payment is cancelled (unpaid) or refunded (paid) at the provider
 * first, so a refused provider call changes nothing here.
 */
export async function cancelOrder(
  deps: Pick<StreamDeps, "db" | "bus" | "stream" | "actor" | "shop"> & Partial<Pick<StreamDeps, "jobs" | "push">>,
  input: z.infer<typeof orderReasonInput>,
): Promise<SellerOrderView> {
  const row = await streamOrder(deps.db, deps.stream.id, input.orderId);
  if (row.status !== "PENDING" && row.status !== "PAID") throw notNow(row, "cancelled");
  const provider = providerOf(deps.shop.payments, row.paymentProvider);
  if (row.status === "PAID") await provider.refund(row);
  else await provider.cancel(row);
  const order = await inTransaction(deps, async (tx) => {
    const [held] = await tx.$queryRaw<
      { userId: string; streamId: string | null; productId: string; variantId: string; quantity: number; flashSaleId: string | null }[]
    >`UPDATE orders SET status = 'CANCELLED', "cancelledAt" = now(), "updatedAt" = now()
      WHERE id = ${row.id} AND status IN ('PENDING', 'PAID')
      RETURNING "userId", "streamId", "productId", "variantId", quantity, "flashSaleId"`;
    if (!held) throw notNow(await streamOrder(tx, deps.stream.id, row.id), "cancelled");
    await returnUnits(tx, held);
    const entry = await writeLog(tx, {
      streamId: deps.stream.id,
      actorId: deps.actor.id,
      action: "ORDER_CANCEL",
      targetUserId: row.userId,
      reason: input.reason ?? null,
      details: { orderId: row.id, number: row.number, quantity: row.quantity, totalCents: row.totalCents, currency: row.currency },
    });
    const events: StreamEvent[] = [
      ...(await orderChangedEvents(tx, row.id)),
      { type: "moderation.logged", streamId: deps.stream.id, entry },
    ];
    return { result: sellerOrderView(await streamOrder(tx, deps.stream.id, row.id)), events };
  });
  await notifyOrderStatus(deps, row.id);
  return order;
}

/** The seller refunds a paid or fulfilled order (units of a fulfilled order are not returned: they were shipped). */
export async function refundOrder(
  deps: Pick<StreamDeps, "db" | "bus" | "stream" | "actor" | "shop"> & Partial<Pick<StreamDeps, "jobs" | "push">>,
  input: z.infer<typeof orderReasonInput>,
): Promise<SellerOrderView> {
  const row = await streamOrder(deps.db, deps.stream.id, input.orderId);
  if (row.status !== "PAID" && row.status !== "FULFILLED") throw notNow(row, "refunded");
  await providerOf(deps.shop.payments, row.paymentProvider).refund(row);
  const order = await inTransaction(deps, async (tx) => {
    const [held] = await tx.$queryRaw<
      {
        status: OrderStatus;
        userId: string;
        streamId: string | null;
        productId: string;
        variantId: string;
        quantity: number;
        flashSaleId: string | null;
      }[]
    >`UPDATE orders o SET status = 'REFUNDED', "refundedAt" = now(), "updatedAt" = now()
      FROM (SELECT id, status FROM orders WHERE id = ${row.id} FOR UPDATE) before
      WHERE o.id = before.id AND o.status IN ('PAID', 'FULFILLED')
      RETURNING before.status, o."userId", o."streamId", o."productId", o."variantId", o.quantity, o."flashSaleId"`;
    if (!held) throw notNow(await streamOrder(tx, deps.stream.id, row.id), "refunded");
    const returned = held.status === "PAID";
    if (returned) await returnUnits(tx, held);
    const entry = await writeLog(tx, {
      streamId: deps.stream.id,
      actorId: deps.actor.id,
      action: "ORDER_REFUND",
      targetUserId: row.userId,
      reason: input.reason ?? null,
      details: { orderId: row.id, number: row.number, totalCents: row.totalCents, currency: row.currency, unitsReturned: returned },
    });
    const events: StreamEvent[] = [
      ...(await orderChangedEvents(tx, row.id, { stock: returned })),
      { type: "moderation.logged", streamId: deps.stream.id, entry },
    ];
    return { result: sellerOrderView(await streamOrder(tx, deps.stream.id, row.id)), events };
  });
  await notifyOrderStatus(deps, row.id);
  return order;
}
