import { listStreams } from "../services/stream/list-streams";
import { listStreamsInput, streamBySlugInput } from "../services/stream/schemas";
import { streamBySlug } from "../services/stream/stream-by-slug";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const streamRouter = createTRPCRouter({
  list: publicProcedure.input(listStreamsInput).query(({ ctx, input }) => listStreams(ctx.db, input)),
  bySlug: publicProcedure.input(streamBySlugInput).query(({ ctx, input }) => streamBySlug(ctx.db, input.slug)),
});
