import type { ShelfProductView, StreamState, StreamStateEvent } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import {
  applyShelfEvent,
  EMPTY_SHELF,
  flashSalePhase,
  hasPriceRange,
  lowestPrice,
  maxQuantity,
  pinnedProducts,
  unitPriceNow,
  type ShelfState,
} from "./shelf-state";

const STREAM = "stream-1";

function product(id: string, overrides: Partial<ShelfProductView> = {}): ShelfProductView {
  return {
    productId: id,
    title: `Product ${id}`,
    description: "",
    imageUrls: [],
    priceCents: 2000,
    currency: "USD",
    variants: [
      { id: `${id}-s`, name: "S", priceCents: 2000, stockLeft: 5 },
      { id: `${id}-m`, name: "M", priceCents: 2000, stockLeft: 3 },
    ],
    stockLeft: 8,
    soldOut: false,
    position: 0,
    pinned: false,
    flashSale: null,
    ...overrides,
  };
}

const state = { status: "LIVE", title: "Live" } as StreamState;

function snapshot(shelf: ShelfProductView[], serverTime: Date): StreamStateEvent {
  return { type: "stream.snapshot", streamId: STREAM, state, shelf, serverTime };
}

const base: ShelfState = applyShelfEvent(
  EMPTY_SHELF,
  snapshot([product("b", { position: 1 }), product("a", { position: 0, pinned: true })], new Date(10_000)),
  9_000,
);

describe("applyShelfEvent", () => {
  it("takes the shelf from the snapshot in order and the clock offset from serverTime", () => {
    expect(base.shelf.map((item) => item.productId)).toEqual(["a", "b"]);
    expect(base.clockOffsetMs).toBe(1_000);
    expect(base.live).toBe(true);
    expect(EMPTY_SHELF.live).toBe(false);
    expect(pinnedProducts(base).map((item) => item.productId)).toEqual(["a"]);
  });

  it("a reconnect's snapshot replaces everything, the offset included", () => {
    const next = applyShelfEvent(base, snapshot([product("c")], new Date(20_000)), 25_000);
    expect(next.shelf.map((item) => item.productId)).toEqual(["c"]);
    expect(next.clockOffsetMs).toBe(-5_000);
  });

  it("products.pinned pins exactly the listed products and unpins the others", () => {
    const next = applyShelfEvent(
      base,
      { type: "products.pinned", streamId: STREAM, products: [product("b", { position: 1, pinned: true })] },
      0,
    );
    expect(pinnedProducts(next).map((item) => item.productId)).toEqual(["b"]);
    expect(next.shelf.find((item) => item.productId === "a")?.pinned).toBe(false);
    expect(next.clockOffsetMs).toBe(1_000);
  });

  it("products.pinned shows a pinned product the page had not seen on the shelf", () => {
    const next = applyShelfEvent(
      base,
      { type: "products.pinned", streamId: STREAM, products: [product("z", { position: 2, pinned: true })] },
      0,
    );
    expect(next.shelf.map((item) => item.productId)).toEqual(["a", "b", "z"]);
    expect(pinnedProducts(next).map((item) => item.productId)).toEqual(["z"]);
  });

  it("products.shelf replaces the shelf (removed products disappear, order follows position)", () => {
    const next = applyShelfEvent(
      base,
      { type: "products.shelf", streamId: STREAM, shelf: [product("b", { position: 1 }), product("c", { position: 0 })] },
      0,
    );
    expect(next.shelf.map((item) => item.productId)).toEqual(["c", "b"]);
  });

  it("products.updated replaces one product and ignores products not on the shelf", () => {
    const updated = applyShelfEvent(
      base,
      { type: "products.updated", streamId: STREAM, product: product("a", { pinned: true, priceCents: 1500, soldOut: true }) },
      0,
    );
    expect(updated.shelf[0]).toMatchObject({ productId: "a", priceCents: 1500, soldOut: true });
    expect(updated.shelf[1]).toBe(base.shelf[1]);
    const ignored = applyShelfEvent(base, { type: "products.updated", streamId: STREAM, product: product("x") }, 0);
    expect(ignored).toBe(base);
  });

  it("products.stock moves the stock of the product and its variants and the deal units left", () => {
    const sale = {
      id: "sale",
      productId: "a",
      priceCents: 900,
      startsAt: new Date(0),
      endsAt: new Date(60_000),
      totalQuantity: 10,
      remaining: 10,
      perBuyerLimit: 2,
    };
    const withSale = applyShelfEvent(
      base,
      { type: "products.updated", streamId: STREAM, product: product("a", { pinned: true, flashSale: sale }) },
      0,
    );
    const next = applyShelfEvent(
      withSale,
      {
        type: "products.stock",
        streamId: STREAM,
        stock: { productId: "a", stockLeft: 6, variants: [{ id: "a-s", stockLeft: 3 }], soldOut: false, flashSaleRemaining: 8 },
      },
      0,
    );
    const a = next.shelf[0]!;
    expect(a.stockLeft).toBe(6);
    expect(a.variants.map((variant) => variant.stockLeft)).toEqual([3, 3]);
    expect(a.flashSale?.remaining).toBe(8);
    expect(a.pinned).toBe(true);

    const soldOut = applyShelfEvent(
      next,
      {
        type: "products.stock",
        streamId: STREAM,
        stock: {
          productId: "a",
          stockLeft: 0,
          variants: [
            { id: "a-s", stockLeft: 0 },
            { id: "a-m", stockLeft: 0 },
          ],
          soldOut: true,
          flashSaleRemaining: null,
        },
      },
      0,
    );
    expect(soldOut.shelf[0]).toMatchObject({ stockLeft: 0, soldOut: true });
    expect(soldOut.shelf[0]!.flashSale?.remaining).toBe(8);
  });

  it("events that are not about the shelf leave it alone", () => {
    expect(applyShelfEvent(base, { type: "likes.updated", streamId: STREAM, likeCount: 3 }, 0)).toBe(base);
  });
});

describe("flash sale phases and prices", () => {
  const sale = {
    id: "sale",
    productId: "a",
    priceCents: 900,
    startsAt: new Date(10_000),
    endsAt: new Date(40_000),
    totalQuantity: 5,
    remaining: 4,
    perBuyerLimit: 2,
  };
  const onSale = product("a", { flashSale: sale });

  it("counts down to the start, runs, then reverts by itself at endsAt", () => {
    expect(flashSalePhase(onSale, 4_000)).toEqual({ kind: "upcoming", sale, startsInMs: 6_000 });
    expect(flashSalePhase(onSale, 10_000)).toEqual({ kind: "running", sale, endsInMs: 30_000 });
    expect(flashSalePhase(onSale, 40_000)).toEqual({ kind: "none" });
    expect(flashSalePhase(product("b"), 0)).toEqual({ kind: "none" });
  });

  it("the unit price is the deal price only while it runs", () => {
    const variant = onSale.variants[0]!;
    expect(unitPriceNow(onSale, variant, 9_999)).toBe(2000);
    expect(unitPriceNow(onSale, variant, 10_000)).toBe(900);
    expect(unitPriceNow(onSale, variant, 40_000)).toBe(2000);
  });

  it("caps the quantity by stock, 99, the per-buyer limit and the deal units left", () => {
    expect(maxQuantity(onSale, { stockLeft: 3 }, 0)).toBe(3);
    expect(maxQuantity(onSale, { stockLeft: null }, 0)).toBe(99);
    expect(maxQuantity(onSale, { stockLeft: null }, 20_000)).toBe(2);
    expect(maxQuantity({ ...onSale, flashSale: { ...sale, remaining: 1 } }, { stockLeft: 5 }, 20_000)).toBe(1);
    expect(maxQuantity({ ...onSale, flashSale: { ...sale, remaining: 0 } }, { stockLeft: 5 }, 20_000)).toBe(0);
    expect(maxQuantity({ ...onSale, soldOut: true }, { stockLeft: 5 }, 0)).toBe(0);
    expect(maxQuantity(onSale, { stockLeft: 0 }, 0)).toBe(0);
  });

  it("shows the lowest price, and whether variants differ", () => {
    const mixed = product("m", {
      priceCents: 2000,
      variants: [
        { id: "1", name: "S", priceCents: 2500, stockLeft: null },
        { id: "2", name: "L", priceCents: 1800, stockLeft: null },
      ],
    });
    expect(lowestPrice(mixed)).toBe(1800);
    expect(hasPriceRange(mixed)).toBe(true);
    expect(hasPriceRange(onSale)).toBe(false);
    expect(lowestPrice(product("n", { variants: [] }))).toBe(2000);
  });
});
