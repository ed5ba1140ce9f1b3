import { createTRPCRouter } from "../trpc";

/** A stream's shelf: products offered during the stream, pins, sold out, flash sales (services/shop). */
export const shelfRouter = createTRPCRouter({});
