import { createTRPCRouter } from "../trpc";

/** Buying during a stream: holds, placing orders, payments (services/shop/checkout). */
export const checkoutRouter = createTRPCRouter({});
