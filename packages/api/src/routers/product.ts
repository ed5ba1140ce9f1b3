import { createTRPCRouter } from "../trpc";

/** A creator's catalog: products, variants, images, archive (services/shop). */
export const productRouter = createTRPCRouter({});
