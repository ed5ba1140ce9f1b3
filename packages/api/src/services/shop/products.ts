import type { DbOrTx, Prisma, ProductStatus } from "@onair/db";
import type { StreamEvent } from "../../events/types";
import { AppError } from "../../errors";
import type { SignedInDeps, StreamDeps } from "../deps";
import { escapeLike } from "../shared/like-pattern";
import { cursorArgs, pageOf } from "../shared/pages";
import { inTransaction } from "../shared/transaction";
import { assertOwnImageKeys } from "./product-images";
import type { ProductCreateInput, ProductListInput, ProductUpdateInput, ShelfOfferableInput } from "./schemas";
import { productStockView, productImageUrl, shelfOf, shelfProductView } from "./shelf-view";

export const NO_PRODUCT = "No product with that id.";
export const FOREIGN_VARIANT = "That variant belongs to another product.";

/** A product as its seller sees it in the catalog. */
export interface ProductView {
  id: string;
  title: string;
  description: string;
  priceCents: number;
  currency: string;
  images: { key: string; url: string }[];
  status: ProductStatus;
  variants: { id: string; name: string; priceCents: number | null; stock: number | null; position: number }[];
  createdAt: Date;
  updatedAt: Date;
}

const productSelect = {
  id: true,
  title: true,
  description: true,
  priceCents: true,
  currency: true,
  imageKeys: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  variants: {
    where: { archived: false },
    orderBy: { position: "asc" },
    select: { id: true, name: true, priceCents: true, stock: true, position: true },
  },
} satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

function toProductView({ imageKeys, ...row }: ProductRow): ProductView {
  return { ...row, images: imageKeys.map((key) => ({ key, url: productImageUrl(key) })) };
}

type CatalogDeps = Pick<SignedInDeps, "db" | "bus" | "actor" | "storage">;

/** A page of products, most recently changed first, optionally searched by title. */
async function productPage(
  db: SignedInDeps["db"],
  where: Prisma.ProductWhereInput,
  input: { search?: string; cursor?: string | null; limit: number },
) {
  const rows = await db.product.findMany({
    where: { ...where, ...(input.search ? { title: { contains: escapeLike(input.search), mode: "insensitive" as const } } : {}) },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: productSelect,
    ...cursorArgs(input),
  });
  const page = pageOf(rows, input.limit);
  return { items: page.items.map(toProductView), nextCursor: page.nextCursor };
}

/** The caller's own products (admins too: a catalog is a creator's own). */
export async function listProducts(deps: Pick<SignedInDeps, "db" | "actor">, input: ProductListInput) {
  return productPage(deps.db, { ownerId: deps.actor.id, status: input.status }, input);
}

/**
 * What a shop manager may add to the stream's shelf: the stream owner's active
 * products not on it yet (moderators the owner allows see the owner's catalog here, and only here).
 */
export async function offerableProducts(deps: Pick<StreamDeps, "db" | "stream">, input: ShelfOfferableInput) {
  return productPage(deps.db, { ownerId: deps.stream.ownerId, status: "ACTIVE", shelf: { none: { streamId: deps.stream.id } } }, input);
}

/** One of the caller's products; anyone else's is NOT_FOUND (its existence is not revealed). */
export async function getProduct(deps: Pick<SignedInDeps, "db" | "actor">, input: { productId: string }): Promise<ProductView> {
  const row = await deps.db.product.findFirst({ where: { id: input.productId, ownerId: deps.actor.id }, select: productSelect });
  if (!row) throw new AppError("NOT_FOUND", NO_PRODUCT);
  return toProductView(row);
}

export async function createProduct(deps: CatalogDeps, input: ProductCreateInput): Promise<ProductView> {
  await assertOwnImageKeys(deps, input.imageKeys);
  const row = await deps.db.product.create({
    data: {
      ownerId: deps.actor.id,
      title: input.title,
      description: input.description,
      priceCents: input.priceCents,
      currency: input.currency,
      imageKeys: input.imageKeys,
      variants: {
        create: input.variants.map((variant, position) => ({
          name: variant.name,
          priceCents: variant.priceCents ?? null,
          stock: variant.stock,
          position,
        })),
      },
    },
    select: productSelect,
  });
  return toProductView(row);
}

/** Locks the product's row (orders concurrent edits of it) and checks the caller owns it. */
async function lockOwnProduct(tx: DbOrTx, productId: string, ownerId: string) {
  const rows = await tx.$queryRaw<{ ownerId: string; currency: string; status: ProductStatus }[]>`
    SELECT "ownerId", currency, status FROM products WHERE id = ${productId} FOR UPDATE`;
  const row = rows[0];
  if (!row || row.ownerId !== ownerId) throw new AppError("NOT_FOUND", NO_PRODUCT);
  return row;
}

/** The shelves (of streams that have not ended) that carry the product: their viewers hear about its changes. */
async function liveShelvesOf(tx: DbOrTx, productId: string): Promise<string[]> {
  const rows = await tx.streamProduct.findMany({
    where: { productId, stream: { status: { not: "ENDED" } } },
    select: { streamId: true },
    take: 500,
  });
  return rows.map((row) => row.streamId);
}

/**
 * Changes a product. Variants with an id are updated (they must be this
 * product's); those without one are added (or an archived one of that name
 * comes back); variants left out are archived, never deleted: orders point at
 * them. Viewers of every shelf with the product get `products.updated` (and
 * `products.stock` when stock changed).
 */
export async function updateProduct(deps: CatalogDeps, input: ProductUpdateInput): Promise<ProductView> {
  if (input.imageKeys) await assertOwnImageKeys(deps, input.imageKeys);
  return inTransaction(deps, async (tx) => {
    const current = await lockOwnProduct(tx, input.productId, deps.actor.id);
    if (input.currency !== undefined && input.currency !== current.currency) {
      const orders = await tx.order.count({ where: { productId: input.productId } });
      if (orders > 0) throw new AppError("CONFLICT", "The currency cannot change once the product has orders.");
    }
    let stockChanged = false;
    if (input.variants) stockChanged = await replaceVariants(tx, input.productId, input.variants);
    await tx.product.update({
      where: { id: input.productId },
      data: {
        title: input.title,
        description: input.description,
        priceCents: input.priceCents,
        currency: input.currency,
        imageKeys: input.imageKeys,
        // Touched even when only variants changed: the catalog lists by updatedAt.
        updatedAt: new Date(),
      },
    });
    const row = await tx.product.findUniqueOrThrow({ where: { id: input.productId }, select: productSelect });
    const events: StreamEvent[] = [];
    for (const streamId of await liveShelvesOf(tx, input.productId)) {
      const view = await shelfProductView(tx, streamId, input.productId);
      if (!view) continue;
      events.push({ type: "products.updated", streamId, product: view });
      const stock = stockChanged ? await productStockView(tx, streamId, input.productId) : null;
      if (stock) events.push({ type: "products.stock", streamId, stock });
    }
    return { result: toProductView(row), events };
  });
}

/** Applies the seller's variant list; resolves to whether any variant's stock changed. */
async function replaceVariants(tx: DbOrTx, productId: string, wanted: NonNullable<ProductUpdateInput["variants"]>): Promise<boolean> {
  const existing = await tx.productVariant.findMany({
    where: { productId },
    select: { id: true, name: true, stock: true, archived: true },
  });
  const byId = new Map(existing.map((variant) => [variant.id, variant]));
  for (const variant of wanted) {
    if (variant.id !== undefined && !byId.has(variant.id)) throw new AppError("BAD_REQUEST", FOREIGN_VARIANT);
  }
  const listed = new Set(wanted.flatMap((variant) => (variant.id ? [variant.id] : [])));
  // A new variant named like one not listed (archived now or before) takes that row back: names are unique per product.
  const reusable = new Map(
    existing.filter((variant) => !listed.has(variant.id)).map((variant) => [variant.name.toLocaleLowerCase(), variant.id]),
  );
  const resolved = wanted.map((variant) => {
    const id = variant.id ?? reusable.get(variant.name.toLocaleLowerCase());
    if (id) reusable.delete(variant.name.toLocaleLowerCase());
    return { ...variant, id };
  });
  const keep = resolved.flatMap((variant) => (variant.id ? [variant.id] : []));
  const archivedNow = existing.filter((variant) => !variant.archived && !keep.includes(variant.id));
  let stockChanged = archivedNow.length > 0;
  await tx.productVariant.updateMany({ where: { productId, id: { notIn: keep } }, data: { archived: true } });
  // Names are unique per product, archived variants included. Swapped names (A↔B) would collide one
  // statement at a time, and an archived variant may hold a wanted name: park those names first.
  const names = resolved.map((variant) => variant.name);
  await tx.$executeRaw`
    UPDATE product_variants SET name = '#' || id
    WHERE "productId" = ${productId} AND (id = ANY(${keep}::text[]) OR name = ANY(${names}::text[]))`;
  // The seller's stock replaces the count (one statement per variant): it is what is available now, holds already taken out.
  for (const [position, variant] of resolved.entries()) {
    const data = { name: variant.name, priceCents: variant.priceCents ?? null, stock: variant.stock, position, archived: false };
    if (variant.id) {
      const before = byId.get(variant.id)!;
      if (before.archived || before.stock !== variant.stock) stockChanged = true;
      await tx.productVariant.update({ where: { id: variant.id }, data });
    } else {
      stockChanged = true;
      await tx.productVariant.create({ data: { ...data, productId } });
    }
  }
  return stockChanged;
}

/**
 * Archives or restores a product. Archiving takes it off every shelf view (and
 * unpins it); viewers of those shelves get the new shelf (`products.shelf`).
 */
export async function setProductStatus(deps: CatalogDeps, input: { productId: string; status: ProductStatus }): Promise<ProductView> {
  return inTransaction(deps, async (tx) => {
    const current = await lockOwnProduct(tx, input.productId, deps.actor.id);
    const events: StreamEvent[] = [];
    if (current.status !== input.status) {
      await tx.product.update({ where: { id: input.productId }, data: { status: input.status } });
      if (input.status === "ARCHIVED") {
        await tx.streamProduct.updateMany({ where: { productId: input.productId }, data: { pinnedAt: null } });
      }
      for (const streamId of await liveShelvesOf(tx, input.productId)) {
        const shelf = await shelfOf(tx, streamId);
        events.push({ type: "products.shelf", streamId, shelf });
        events.push({ type: "products.pinned", streamId, products: shelf.filter((product) => product.pinned) });
      }
    }
    const row = await tx.product.findUniqueOrThrow({ where: { id: input.productId }, select: productSelect });
    return { result: toProductView(row), events };
  });
}
