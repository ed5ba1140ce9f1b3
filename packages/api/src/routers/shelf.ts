import { recordOpen } from "../services/shop/engagement";
import { offerableProducts } from "../services/shop/products";
import { startFlashSale, stopFlashSale } from "../services/shop/flash-sales";
import {
  shelfListInput,
  shelfModeratorsInput,
  shelfOfferableInput,
  shelfPinInput,
  shelfProductInput,
  shelfReorderInput,
  shelfSoldOutInput,
  startFlashSaleInput,
  stopFlashSaleInput,
} from "../services/shop/schemas";
import {
  addToShelf,
  listShelf,
  pinProduct,
  removeFromShelf,
  reorderShelf,
  setShopModeratorsAllowed,
  setSoldOut,
} from "../services/shop/shelf";
import { createTRPCRouter, publicProcedure, streamOwnerProcedure, streamShopProcedure } from "../trpc";

/** A stream's shelf: products offered during the stream, pins, sold out, flash sales (services/shop). */
export const shelfRouter = createTRPCRouter({
  list: publicProcedure.input(shelfListInput).query(({ ctx, input }) => listShelf(ctx.deps, input)),
  /** The stream owner's active products not on the shelf yet: what shop managers may add. */
  offerable: streamShopProcedure.input(shelfOfferableInput).query(({ ctx, input }) => offerableProducts(ctx.deps, input)),
  add: streamShopProcedure.input(shelfProductInput).mutation(({ ctx, input }) => addToShelf(ctx.deps, input)),
  remove: streamShopProcedure.input(shelfProductInput).mutation(({ ctx, input }) => removeFromShelf(ctx.deps, input)),
  reorder: streamShopProcedure.input(shelfReorderInput).mutation(({ ctx, input }) => reorderShelf(ctx.deps, input)),
  pin: streamShopProcedure
    .input(shelfPinInput)
    .mutation(({ ctx, input }) => pinProduct({ ...ctx.deps, viewers: ctx.realtime?.presence ?? null }, input)),
  setSoldOut: streamShopProcedure.input(shelfSoldOutInput).mutation(({ ctx, input }) => setSoldOut(ctx.deps, input)),
  setModeratorsAllowed: streamOwnerProcedure
    .input(shelfModeratorsInput)
    .mutation(({ ctx, input }) => setShopModeratorsAllowed(ctx.deps, input)),
  startFlashSale: streamShopProcedure.input(startFlashSaleInput).mutation(({ ctx, input }) => startFlashSale(ctx.deps, input)),
  stopFlashSale: streamShopProcedure.input(stopFlashSaleInput).mutation(({ ctx, input }) => stopFlashSale(ctx.deps, input)),
  /** A viewer opened a product's details (counted for the seller's figures; rate-limited per client). */
  recordOpen: publicProcedure.input(shelfProductInput).mutation(({ ctx, input }) => recordOpen(ctx.deps, input)),
});
