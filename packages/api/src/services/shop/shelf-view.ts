import type { DbOrTx } from "@onair/db";
import type { FlashSaleView, ProductStockView, ShelfProductView } from "../../events/types";

/** Where the web app serves a product image stored under `products/<key>` (apps/web/src/app/media). */
export function productImageUrl(key: string): string {
  return `/media/products/${key}`;
}

const variantSelect = { id: true, name: true, priceCents: true, stock: true } as const;

/** A running or upcoming flash sale: not stopped and not yet ended (by the database's clock). */
function liveFlashSaleWhere(streamId: string) {
  return { streamId, cancelledAt: null, endsAt: { gt: new Date() } };
}

const shelfSelect = (streamId: string) =>
  ({
    position: true,
    pinnedAt: true,
    soldOut: true,
    product: {
      select: {
        id: true,
        title: true,
        description: true,
        imageKeys: true,
        priceCents: true,
        currency: true,
        variants: { where: { archived: false }, orderBy: { position: "asc" }, select: variantSelect },
        flashSales: {
          where: liveFlashSaleWhere(streamId),
          orderBy: { startsAt: "asc" },
          take: 1,
          select: {
            id: true,
            priceCents: true,
            startsAt: true,
            endsAt: true,
            totalQuantity: true,
            soldQuantity: true,
            perBuyerLimit: true,
          },
        },
      },
    },
  }) as const;

type ShelfRow = {
  position: number;
  pinnedAt: Date | null;
  soldOut: boolean;
  product: {
    id: string;
    title: string;
    description: string;
    imageKeys: string[];
    priceCents: number;
    currency: string;
    variants: { id: string; name: string; priceCents: number | null; stock: number | null }[];
    flashSales: {
      id: string;
      priceCents: number;
      startsAt: Date;
      endsAt: Date;
      totalQuantity: number;
      soldQuantity: number;
      perBuyerLimit: number;
    }[];
  };
};

/** Sum of the variants' stock; null when any is unlimited. */
function totalStock(variants: { stock: number | null }[]): number | null {
  let total = 0;
  for (const variant of variants) {
    if (variant.stock === null) return null;
    total += variant.stock;
  }
  return total;
}

function flashSaleView(productId: string, sale: ShelfRow["product"]["flashSales"][number] | undefined): FlashSaleView | null {
  if (!sale) return null;
  return {
    id: sale.id,
    productId,
    priceCents: sale.priceCents,
    startsAt: sale.startsAt,
    endsAt: sale.endsAt,
    totalQuantity: sale.totalQuantity,
    remaining: sale.totalQuantity - sale.soldQuantity,
    perBuyerLimit: sale.perBuyerLimit,
  };
}

function toShelfView(row: ShelfRow): ShelfProductView {
  const { product } = row;
  const stockLeft = totalStock(product.variants);
  return {
    productId: product.id,
    title: product.title,
    description: product.description,
    imageUrls: product.imageKeys.map(productImageUrl),
    priceCents: product.priceCents,
    currency: product.currency,
    variants: product.variants.map((variant) => ({
      id: variant.id,
      name: variant.name,
      priceCents: variant.priceCents ?? product.priceCents,
      stockLeft: variant.stock,
    })),
    stockLeft,
    soldOut: row.soldOut || stockLeft === 0 || product.variants.length === 0,
    position: row.position,
    pinned: row.pinnedAt !== null,
    flashSale: flashSaleView(product.id, product.flashSales[0]),
  };
}

/** A stream's whole shelf in order, as viewers see it (archived products left out). */
export async function shelfOf(db: DbOrTx, streamId: string): Promise<ShelfProductView[]> {
  const rows = await db.streamProduct.findMany({
    where: { streamId, product: { status: "ACTIVE" } },
    orderBy: { position: "asc" },
    select: shelfSelect(streamId),
  });
  return rows.map(toShelfView);
}

/** One shelf product as viewers see it; null when it is not (or no longer) on the stream's shelf. */
export async function shelfProductView(db: DbOrTx, streamId: string, productId: string): Promise<ShelfProductView | null> {
  const row = await db.streamProduct.findFirst({
    where: { streamId, productId, product: { status: "ACTIVE" } },
    select: shelfSelect(streamId),
  });
  return row ? toShelfView(row) : null;
}

/** The pinned products of a shelf, in order (what `products.pinned` carries). */
export function pinnedOf(shelf: ShelfProductView[]): ShelfProductView[] {
  return shelf.filter((product) => product.pinned);
}

/**
 * A product's stock as `products.stock` carries it, for one stream's shelf
 * (its flash sale is that stream's); null when it is not on that shelf. One
 * query: it runs after every purchase. Same rules as the shelf view.
 */
export async function productStockView(db: DbOrTx, streamId: string, productId: string): Promise<ProductStockView | null> {
  const rows = await db.$queryRaw<{ variantId: string | null; stock: number | null; soldOut: boolean; saleRemaining: number | null }[]>`
    SELECT v.id AS "variantId", v.stock, sp."soldOut",
           (SELECT fs."totalQuantity" - fs."soldQuantity" FROM flash_sales fs
            WHERE fs."streamId" = sp."streamId" AND fs."productId" = sp."productId" AND fs."cancelledAt" IS NULL AND fs."endsAt" > now()
            ORDER BY fs."startsAt" LIMIT 1) AS "saleRemaining"
    FROM stream_products sp
    JOIN products p ON p.id = sp."productId" AND p.status = 'ACTIVE'
    LEFT JOIN product_variants v ON v."productId" = sp."productId" AND NOT v.archived
    WHERE sp."streamId" = ${streamId} AND sp."productId" = ${productId}
    ORDER BY v.position`;
  if (rows.length === 0) return null;
  const variants = rows.filter((row) => row.variantId !== null).map((row) => ({ id: row.variantId!, stockLeft: row.stock }));
  const stockLeft = totalStock(variants.map((variant) => ({ stock: variant.stockLeft })));
  return {
    productId,
    stockLeft,
    variants,
    soldOut: rows[0]!.soldOut || stockLeft === 0 || variants.length === 0,
    flashSaleRemaining: rows[0]!.saleRemaining,
  };
}
