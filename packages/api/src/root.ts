import { accountRouter } from "./routers/account";
import { chatRouter } from "./routers/chat";
import { streamRouter } from "./routers/stream";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  stream: streamRouter,
  chat: chatRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
