import type { Db } from "@onair/db";
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AppError } from "../src/errors";
import { describeZodError } from "../src/trpc-errors";

/** The checkout, order and payment tests' helpers, on top of the shop's fixtures (shop-fixtures.ts). */
export { addToShelf, createFlashSale, createProduct } from "./shop-fixtures";

/** A valid shipping address. */
export const ADDRESS = { name: "Ada Buyer", line1: "1 Market Street", city: "Berlin", postalCode: "10115", country: "DE" };

/** How a call was refused: the TRPC code, the service's AppError code and the sentence (as the error formatter words input errors); null when it succeeded. */
export async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; appCode: string | null; message: string } | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const message = error.cause instanceof ZodError ? describeZodError(error.cause) : error.message;
    return { code: error.code, appCode: error.cause instanceof AppError ? error.cause.code : null, message };
  }
}

export function requestId(): string {
  return randomUUID();
}

/** Everything a refused call must leave as it was: stock, checkouts, orders, deal counters. */
export async function shopState(db: Db, productId: string) {
  const [variants, checkouts, orders, sales, buyers] = await Promise.all([
    db.productVariant.findMany({ where: { productId }, orderBy: { position: "asc" }, select: { id: true, stock: true } }),
    db.checkout.count({ where: { productId } }),
    db.order.count({ where: { productId } }),
    db.flashSale.findMany({ where: { productId }, orderBy: { createdAt: "asc" }, select: { id: true, soldQuantity: true } }),
    db.flashSaleBuyer.findMany({
      where: { flashSale: { productId } },
      orderBy: { userId: "asc" },
      select: { userId: true, quantity: true },
    }),
  ]);
  return { variants, checkouts, orders, sales, buyers };
}
