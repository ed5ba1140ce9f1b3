import { createApiToken, listApiTokens, revokeApiToken } from "../services/account/api-tokens";
import { createApiTokenInput, revokeApiTokenInput, signUpInput } from "../services/account/schemas";
import { signUp } from "../services/account/sign-up";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const accountRouter = createTRPCRouter({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.deps.actor),
  /** Counted per client address first (SIGN_UP_IP_RATE_LIMIT): TOO_MANY_REQUESTS with retryAfterMs past it. */
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(ctx.deps, input)),
  createApiToken: protectedProcedure.input(createApiTokenInput).mutation(({ ctx, input }) => createApiToken(ctx.deps, input)),
  apiTokens: protectedProcedure.query(({ ctx }) => listApiTokens(ctx.deps)),
  revokeApiToken: protectedProcedure.input(revokeApiTokenInput).mutation(({ ctx, input }) => revokeApiToken(ctx.deps, input)),
});
