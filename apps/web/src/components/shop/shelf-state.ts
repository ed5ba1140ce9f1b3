import type { FlashSaleView, ShelfProductView, StreamStateEvent } from "@onair/api/events";

/** What a stream page knows of the stream's shelf, kept current by `stream.onEvents`. */
export interface ShelfState {
  /** The whole shelf in order (pinned ones included). */
  shelf: ShelfProductView[];
  /** Server clock minus this browser's clock, in ms: add it to Date.now() to count down in server time. */
  clockOffsetMs: number;
  /** A snapshot arrived: the shelf is the server's, and followed live from here on. */
  live: boolean;
}

export const EMPTY_SHELF: ShelfState = { shelf: [], clockOffsetMs: 0, live: false };

function sortByPosition(shelf: ShelfProductView[]): ShelfProductView[] {
  return [...shelf].sort((a, b) => a.position - b.position);
}

/**
 * The shelf after one stream event. `receivedAt` is this browser's clock when the event arrived:
 * a snapshot's `serverTime` against it gives the clock offset every countdown uses.
 */
export function applyShelfEvent(state: ShelfState, event: StreamStateEvent, receivedAt: number): ShelfState {
  switch (event.type) {
    case "stream.snapshot":
      return { shelf: sortByPosition(event.shelf), clockOffsetMs: event.serverTime.getTime() - receivedAt, live: true };
    case "products.shelf":
      return { ...state, shelf: sortByPosition(event.shelf) };
    case "products.pinned": {
      const pinned = new Map(event.products.map((product) => [product.productId, product]));
      const shelf = state.shelf.map(
        (product) => pinned.get(product.productId) ?? (product.pinned ? { ...product, pinned: false } : product),
      );
      // A pinned product this page had not seen yet (its shelf event was missed): show it all the same.
      const known = new Set(shelf.map((product) => product.productId));
      const missing = event.products.filter((product) => !known.has(product.productId));
      return { ...state, shelf: missing.length > 0 ? sortByPosition([...shelf, ...missing]) : shelf };
    }
    case "products.updated": {
      if (!state.shelf.some((product) => product.productId === event.product.productId)) return state;
      return {
        ...state,
        shelf: sortByPosition(state.shelf.map((product) => (product.productId === event.product.productId ? event.product : product))),
      };
    }
    case "products.stock": {
      const { stock } = event;
      if (!state.shelf.some((product) => product.productId === stock.productId)) return state;
      const variantStock = new Map(stock.variants.map((variant) => [variant.id, variant.stockLeft]));
      return {
        ...state,
        shelf: state.shelf.map((product) => {
          if (product.productId !== stock.productId) return product;
          return {
            ...product,
            stockLeft: stock.stockLeft,
            soldOut: stock.soldOut,
            variants: product.variants.map((variant) =>
              variantStock.has(variant.id) ? { ...variant, stockLeft: variantStock.get(variant.id) ?? null } : variant,
            ),
            flashSale:
              product.flashSale && stock.flashSaleRemaining !== null
                ? { ...product.flashSale, remaining: stock.flashSaleRemaining }
                : product.flashSale,
          };
        }),
      };
    }
    default:
      return state;
  }
}

/** The pinned products in shelf order (at most three; the server enforces it, the page shows no more). */
export function pinnedProducts(state: ShelfState): ShelfProductView[] {
  return state.shelf.filter((product) => product.pinned).slice(0, 3);
}

export type FlashSalePhase =
  | { kind: "none" }
  | { kind: "upcoming"; sale: FlashSaleView; startsInMs: number }
  | { kind: "running"; sale: FlashSaleView; endsInMs: number };

/** Where a product's flash sale stands at `serverNow` (ms, server clock): an ended sale is no sale. */
export function flashSalePhase(product: Pick<ShelfProductView, "flashSale">, serverNow: number): FlashSalePhase {
  const sale = product.flashSale;
  if (!sale) return { kind: "none" };
  const startsAt = sale.startsAt.getTime();
  const endsAt = sale.endsAt.getTime();
  if (serverNow >= endsAt) return { kind: "none" };
  if (serverNow < startsAt) return { kind: "upcoming", sale, startsInMs: startsAt - serverNow };
  return { kind: "running", sale, endsInMs: endsAt - serverNow };
}

/** The unit price a buyer pays for `variant` at `serverNow`: the deal price while a sale runs, else the variant's. */
export function unitPriceNow(product: ShelfProductView, variant: { priceCents: number } | null, serverNow: number): number {
  const phase = flashSalePhase(product, serverNow);
  if (phase.kind === "running") return phase.sale.priceCents;
  return variant ? variant.priceCents : lowestPrice(product);
}

/** The lowest regular price among a product's variants (what a card shows as "from"); the product's price without variants. */
export function lowestPrice(product: Pick<ShelfProductView, "priceCents" | "variants">): number {
  if (product.variants.length === 0) return product.priceCents;
  return Math.min(...product.variants.map((variant) => variant.priceCents));
}

/** Whether a card shows one price or "from" the lowest (variants with different prices). */
export function hasPriceRange(product: Pick<ShelfProductView, "variants">): boolean {
  return new Set(product.variants.map((variant) => variant.priceCents)).size > 1;
}

/** "Only N left" under this many units. */
export const LOW_STOCK = 10;

/**
 * The most units one checkout may take of `variant`: 1..99, no more than its stock, and during a
 * running sale no more than the per-buyer limit and the deal units left. 0: it cannot be bought now.
 */
export function maxQuantity(product: ShelfProductView, variant: { stockLeft: number | null }, serverNow: number): number {
  if (product.soldOut) return 0;
  let max = 99;
  if (variant.stockLeft !== null) max = Math.min(max, variant.stockLeft);
  const phase = flashSalePhase(product, serverNow);
  if (phase.kind === "running") max = Math.min(max, phase.sale.perBuyerLimit, phase.sale.remaining);
  return Math.max(0, max);
}
