import type { DbOrTx } from "@onair/db";
import type { StreamEvent } from "../../../events/types";
import { productStockView } from "../shelf-view";

/** What a checkout took: the variant's units and, at a flash sale's price, the sale's and the buyer's counters. */
export interface HeldUnits {
  userId: string;
  streamId: string | null;
  productId: string;
  variantId: string;
  quantity: number;
  flashSaleId: string | null;
}

/**
 * Gives units back (a hold released, a checkout or an unpaid order cancelled).
 * Call it in the transaction that moved the checkout or order out of the state
 * that held them, after that conditional update matched, so they come back once.
 */
export async function returnUnits(tx: DbOrTx, held: HeldUnits): Promise<void> {
  await tx.$executeRaw`UPDATE product_variants SET stock = stock + ${held.quantity}, "updatedAt" = now()
    WHERE id = ${held.variantId} AND stock IS NOT NULL`;
  if (held.flashSaleId) {
    await tx.$executeRaw`UPDATE flash_sales SET "soldQuantity" = GREATEST("soldQuantity" - ${held.quantity}, 0) WHERE id = ${held.flashSaleId}`;
    await tx.$executeRaw`UPDATE flash_sale_buyers SET quantity = GREATEST(quantity - ${held.quantity}, 0)
      WHERE "flashSaleId" = ${held.flashSaleId} AND "userId" = ${held.userId}`;
  }
}

/** `products.stock` for the product on its stream (none when it is no longer on the shelf). */
export async function stockEvents(tx: DbOrTx, streamId: string | null, productId: string): Promise<StreamEvent[]> {
  if (!streamId) return [];
  const stock = await productStockView(tx, streamId, productId);
  return stock ? [{ type: "products.stock", streamId, stock }] : [];
}
