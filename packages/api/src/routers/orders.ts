import { sellerFeed } from "../realtime/feeds";
import {
  cancelOrder,
  myOrder,
  myOrders,
  refundOrder,
  setOrderStatus,
  streamOrderDetail,
  streamOrders,
} from "../services/shop/orders/orders";
import {
  myOrdersInput,
  orderIdInput,
  orderReasonInput,
  setOrderStatusInput,
  streamOrderInput,
  streamOrdersInput,
} from "../services/shop/orders/schemas";
import { createTRPCRouter, protectedProcedure, streamShopProcedure, streamShopSubscriptionProcedure } from "../trpc";

/** Orders: a buyer's own, and a stream's for its seller (services/shop/orders). */
export const ordersRouter = createTRPCRouter({
  /** The caller's orders, newest first (20 a page). */
  mine: protectedProcedure.input(myOrdersInput).query(({ ctx, input }) => myOrders(ctx.deps, input)),
  get: protectedProcedure.input(orderIdInput).query(({ ctx, input }) => myOrder(ctx.deps, input)),

  /** The stream's orders for its seller (20 a page), with its totals. */
  forStream: streamShopProcedure.input(streamOrdersInput).query(({ ctx, input }) => streamOrders(ctx.deps, input)),
  /** One order with its shipping address. */
  detail: streamShopProcedure.input(streamOrderInput).query(({ ctx, input }) => streamOrderDetail(ctx.deps, input)),
  /** PENDING → PAID (pay on delivery), PENDING → FULFILLED (pay on delivery), PAID → FULFILLED. */
  setStatus: streamShopProcedure.input(setOrderStatusInput).mutation(({ ctx, input }) => setOrderStatus(ctx.deps, input)),
  /** Cancels an order not yet fulfilled: units back, card payment cancelled or refunded. */
  cancel: streamShopProcedure.input(orderReasonInput).mutation(({ ctx, input }) => cancelOrder(ctx.deps, input)),
  /** Refunds a paid or fulfilled order. */
  refund: streamShopProcedure.input(orderReasonInput).mutation(({ ctx, input }) => refundOrder(ctx.deps, input)),

  /** Live: the stream's totals first, then every order placed or changed. */
  onEvents: streamShopSubscriptionProcedure.subscription(({ ctx, signal }) =>
    sellerFeed({ db: ctx.db, realtime: ctx.realtime, stream: ctx.stream }, { signal: signal ?? new AbortController().signal }),
  ),
});
