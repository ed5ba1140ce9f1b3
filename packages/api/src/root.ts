import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { chatRouter } from "./routers/chat";
import { moderationRouter } from "./routers/moderation";
import { streamRouter } from "./routers/stream";
import { studioRouter } from "./routers/studio";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  stream: streamRouter,
  studio: studioRouter,
  chat: chatRouter,
  moderation: moderationRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
