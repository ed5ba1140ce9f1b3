import { cancelCheckout, getCheckout, paymentOptions, placeCheckout, startCheckout } from "../services/shop/checkout/checkout";
import { checkoutIdInput, checkoutPlaceInput, checkoutStartInput } from "../services/shop/checkout/schemas";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

/** Buying during a stream: holds, placing orders, payments (services/shop/checkout). */
export const checkoutRouter = createTRPCRouter({
  /** How buyers can pay here: pay on delivery always, Stripe when configured (with its publishable key). */
  paymentOptions: publicProcedure.query(({ ctx }) => paymentOptions(ctx.deps)),
  /** Holds units at the price the buyer was shown (same requestId: the same checkout). */
  start: protectedProcedure.input(checkoutStartInput).mutation(({ ctx, input }) => startCheckout(ctx.deps, input)),
  get: protectedProcedure.input(checkoutIdInput).query(({ ctx, input }) => getCheckout(ctx.deps, input)),
  /** Closes an open checkout: its units go back on sale. */
  cancel: protectedProcedure.input(checkoutIdInput).mutation(({ ctx, input }) => cancelCheckout(ctx.deps, input)),
  /** Places the order (placing twice returns the same order). */
  place: protectedProcedure.input(checkoutPlaceInput).mutation(({ ctx, input }) => placeCheckout(ctx.deps, input)),
});
