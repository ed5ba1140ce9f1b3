"use client";

import type { RouterOutputs } from "@onair/api";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { OrderStatusBadge } from "./order-status";
import { formatPrice } from "./price";
import { ProductImage } from "./price-tag";
import { ErrorLine } from "../ui/error-line";
import { LoadMoreButton } from "../ui/load-more-button";

type BuyerOrder = RouterOutputs["orders"]["mine"]["items"][number];

export const MY_ORDERS_INPUT = {};

/** /orders: the signed-in buyer's orders, newest first, a page at a time. */
export function MyOrders() {
  const trpc = useTRPC();
  const orders = useInfiniteQuery(trpc.orders.mine.infiniteQueryOptions(MY_ORDERS_INPUT, { getNextPageParam: (page) => page.nextCursor }));
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="shop-orders">
      <h1>My orders</h1>
      <ErrorLine error={orders.error} />
      {orders.isPending ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="orders-empty">
          No orders yet. Products on sale appear next to a live stream&apos;s video.
        </p>
      ) : (
        <ul className="shop-order-list" data-testid="orders-list">
          {items.map((order) => (
            <OrderRow key={order.id} order={order} />
          ))}
        </ul>
      )}
      <LoadMoreButton hasMore={orders.hasNextPage} loading={orders.isFetchingNextPage} onLoadMore={() => void orders.fetchNextPage()}>
        Older orders
      </LoadMoreButton>
    </div>
  );
}

function OrderRow({ order }: { order: BuyerOrder }) {
  return (
    <li className="shop-order-row" data-testid="order-row" data-order-number={order.number}>
      <ProductImage product={{ title: order.productTitle, imageUrls: order.imageUrl ? [order.imageUrl] : [] }} className="shop-thumb" />
      <div className="shop-order-text">
        <Link href={`/orders/${order.id}`} className="shop-order-title">
          <bdi>{order.productTitle}</bdi>
          {order.variantName ? (
            <>
              {" "}
              · <bdi>{order.variantName}</bdi>
            </>
          ) : null}
        </Link>
        <span className="muted">
          #{order.number} · {formatDateTime(order.createdAt)} · {order.quantity} × {formatPrice(order.unitPriceCents, order.currency)}
        </span>
      </div>
      <div className="shop-order-side">
        <strong>{formatPrice(order.totalCents, order.currency)}</strong>
        <OrderStatusBadge status={order.status} paymentProvider={order.paymentProvider} />
      </div>
    </li>
  );
}
