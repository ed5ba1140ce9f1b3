import { createTRPCRouter } from "../trpc";

/** Orders: a buyer's own, and a stream's for its seller (services/shop/orders). */
export const ordersRouter = createTRPCRouter({});
