import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { chatRouter } from "./routers/chat";
import { checkoutRouter } from "./routers/checkout";
import { moderationRouter } from "./routers/moderation";
import { ordersRouter } from "./routers/orders";
import { productRouter } from "./routers/product";
import { shelfRouter } from "./routers/shelf";
import { streamRouter } from "./routers/stream";
import { studioRouter } from "./routers/studio";
import { notificationsRouter } from "./routers/notifications";
import { pushRouter } from "./routers/push";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  stream: streamRouter,
  studio: studioRouter,
  chat: chatRouter,
  moderation: moderationRouter,
  admin: adminRouter,
  product: productRouter,
  shelf: shelfRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
  notifications: notificationsRouter,
  push: pushRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
