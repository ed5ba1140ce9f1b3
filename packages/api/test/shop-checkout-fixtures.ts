import type { Db } from "@onair/db";
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AppError } from "../src/errors";
import { describeZodError } from "../src/trpc-errors";
import { unique } from "./fixtures";

/** A variant as createProduct takes it; `priceCents` null (or left out) means the product's price, `stock` null unlimited. */
export interface VariantSpec {
  name?: string;
  priceCents?: number | null;
  stock?: number | null;
}

export interface ProductSpec {
  title?: string;
  description?: string;
  priceCents?: number;
  currency?: string;
  status?: "ACTIVE" | "ARCHIVED";
  imageKeys?: string[];
  /** Default: one default variant ("") with 10 units. */
  variants?: VariantSpec[];
}

export interface CreatedProduct {
  id: string;
  ownerId: string;
  title: string;
  priceCents: number;
  currency: string;
  variants: { id: string; name: string; priceCents: number | null; stock: number | null; position: number }[];
}

/**
 * A product straight in the database (not through product.create), for tests that
 * need one: 12.50 EUR, one default variant with 10 units unless told otherwise.
 * Variants come back in position order.
 */
export async function createProduct(db: Db, ownerId: string, spec: ProductSpec = {}): Promise<CreatedProduct> {
  const variants = spec.variants ?? [{ name: "", stock: 10 }];
  const product = await db.product.create({
    data: {
      ownerId,
      title: spec.title ?? unique("Product "),
      description: spec.description ?? "",
      priceCents: spec.priceCents ?? 1250,
      currency: spec.currency ?? "EUR",
      status: spec.status ?? "ACTIVE",
      imageKeys: spec.imageKeys ?? [],
      variants: {
        create: variants.map((variant, position) => ({
          name: variant.name ?? (variants.length === 1 ? "" : `Variant ${position + 1}`),
          priceCents: variant.priceCents ?? null,
          stock: variant.stock === undefined ? 10 : variant.stock,
          position,
        })),
      },
    },
    select: {
      id: true,
      ownerId: true,
      title: true,
      priceCents: true,
      currency: true,
      variants: { orderBy: { position: "asc" }, select: { id: true, name: true, priceCents: true, stock: true, position: true } },
    },
  });
  return product;
}

/** Puts a product on a stream's shelf (last position) straight in the database, optionally pinned or marked sold out. */
export async function addToShelf(
  db: Db,
  streamId: string,
  productId: string,
  options: { pinned?: boolean; soldOut?: boolean } = {},
): Promise<void> {
  const last = await db.streamProduct.aggregate({ where: { streamId }, _max: { position: true } });
  await db.streamProduct.create({
    data: {
      streamId,
      productId,
      position: (last._max.position ?? -1) + 1,
      pinnedAt: options.pinned ? new Date() : null,
      soldOut: options.soldOut ?? false,
    },
  });
}

/**
 * A flash sale straight in the database (no jobs sent), running now unless told
 * otherwise: `startsInSeconds` (default 0; negative: started earlier) and
 * `durationSeconds` (default 300) from now.
 */
export async function createFlashSale(
  db: Db,
  options: {
    streamId: string;
    productId: string;
    createdById: string;
    priceCents: number;
    startsInSeconds?: number;
    durationSeconds?: number;
    totalQuantity?: number;
    perBuyerLimit?: number;
  },
): Promise<{ id: string; startsAt: Date; endsAt: Date }> {
  const startsAt = new Date(Date.now() + (options.startsInSeconds ?? 0) * 1000);
  const endsAt = new Date(startsAt.getTime() + (options.durationSeconds ?? 300) * 1000);
  return db.flashSale.create({
    data: {
      streamId: options.streamId,
      productId: options.productId,
      createdById: options.createdById,
      priceCents: options.priceCents,
      startsAt,
      endsAt,
      totalQuantity: options.totalQuantity ?? 100,
      perBuyerLimit: options.perBuyerLimit ?? 5,
    },
    select: { id: true, startsAt: true, endsAt: true },
  });
}

// ---- checkout tests' own helpers (H2) ----
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
