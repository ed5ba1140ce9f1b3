"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { formatDateTime } from "~/lib/format";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../../ui/error-line";
import { LoadMoreButton } from "../../ui/load-more-button";
import { ConfirmButton } from "../../studio/confirm-button";
import { useInBrowser } from "../../studio/local-time";
import { ShippingAddressLines } from "../shipping-address";
import { formatMoney } from "./money";
import {
  ORDER_STATUS_BADGES,
  ORDER_STATUSES,
  orderActions,
  writeOrder,
  type OrderAction,
  type OrderStatus,
  type SellerOrderView,
} from "./orders";

/** The orders.forStream input for a filter (all statuses when none). */
function listInput(streamId: string, status: OrderStatus | "") {
  return status ? { streamId, status } : { streamId };
}

/**
 * The stream's orders, newest first, filtered by status; new ones arrive live at the top (the
 * orders feed writes them into this list's cache). Each order's actions follow its status.
 */
export function OrderList({ streamId }: { streamId: string }) {
  const trpc = useTRPC();
  const filterId = useId();
  const [status, setStatus] = useState<OrderStatus | "">("");
  const list = useInfiniteQuery(
    trpc.orders.forStream.infiniteQueryOptions(listInput(streamId, status), { getNextPageParam: (page) => page.nextCursor }),
  );
  const orders = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="seller-orders" data-testid="shop-orders">
      <div className="seller-orders-header">
        <h3>Orders</h3>
        <div className="seller-orders-controls">
          <label htmlFor={filterId} className="visually-hidden">
            Show orders
          </label>
          <select
            id={filterId}
            value={status}
            onChange={(event) => setStatus(event.target.value as OrderStatus | "")}
            data-testid="orders-filter"
          >
            <option value="">All orders</option>
            {ORDER_STATUSES.map((value) => (
              <option key={value} value={value}>
                {ORDER_STATUS_BADGES[value].label}
              </option>
            ))}
          </select>
          <a
            className="button button-small button-secondary"
            href={`/api/shop/orders.csv?streamId=${encodeURIComponent(streamId)}`}
            download
            data-testid="orders-csv"
          >
            Export CSV
          </a>
        </div>
      </div>
      {list.isPending ? <p className="muted">Loading…</p> : null}
      {list.isSuccess && orders.length === 0 ? (
        <p className="muted studio-empty" data-testid="orders-empty">
          {status
            ? `No ${ORDER_STATUS_BADGES[status].label.toLowerCase()} orders.`
            : "No orders yet: they appear here as buyers place them."}
        </p>
      ) : null}
      {orders.length > 0 ? (
        <ul className="seller-order-list" aria-label="Orders">
          {orders.map((order) => (
            <OrderRow key={order.id} streamId={streamId} order={order} />
          ))}
        </ul>
      ) : null}
      <ErrorLine error={list.error} />
      <LoadMoreButton hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()}>
        Load more orders
      </LoadMoreButton>
    </div>
  );
}

const ACTION_TEXT: Record<OrderAction, { label: string; question: string; confirm: string; done: string; danger: boolean }> = {
  markPaid: {
    label: "Mark paid",
    question: "Mark this order paid (cash collected)?",
    confirm: "Mark paid",
    done: "Marked paid.",
    danger: false,
  },
  fulfil: {
    label: "Fulfil",
    question: "Mark this order fulfilled (sent or handed over)?",
    confirm: "Fulfil",
    done: "Fulfilled.",
    danger: false,
  },
  cancel: {
    label: "Cancel order",
    question: "Cancel this order? Its units go back on sale; a card payment is voided or refunded.",
    confirm: "Cancel order",
    done: "Cancelled.",
    danger: true,
  },
  refund: { label: "Refund", question: "Refund this order in full?", confirm: "Refund", done: "Refunded.", danger: true },
};

function OrderRow({ streamId, order }: { streamId: string; order: SellerOrderView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inBrowser = useInBrowser();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const detailId = useId();

  // The event reaches every list too; writing the answer now saves waiting for it.
  const written = (changed: SellerOrderView) => writeOrder(queryClient, trpc.orders.forStream.infiniteQueryKey({ streamId }), changed);
  const onDone = (action: OrderAction) => ({
    onMutate: () => setOutcome(null),
    onSuccess: (changed: SellerOrderView) => {
      setOutcome(ACTION_TEXT[action].done);
      written(changed);
    },
  });
  const setStatus = useMutation(trpc.orders.setStatus.mutationOptions());
  const cancel = useMutation(trpc.orders.cancel.mutationOptions(onDone("cancel")));
  const refund = useMutation(trpc.orders.refund.mutationOptions(onDone("refund")));
  const pending = setStatus.isPending || cancel.isPending || refund.isPending;
  const error = setStatus.error ?? cancel.error ?? refund.error;

  function run(action: OrderAction) {
    setStatus.reset();
    cancel.reset();
    refund.reset();
    if (action === "markPaid" || action === "fulfil") {
      setStatus.mutate({ streamId, orderId: order.id, status: action === "markPaid" ? "PAID" : "FULFILLED" }, onDone(action));
    } else if (action === "cancel") {
      cancel.mutate({ streamId, orderId: order.id });
    } else {
      refund.mutate({ streamId, orderId: order.id });
    }
  }

  const badge = ORDER_STATUS_BADGES[order.status];
  const variant = order.variantName ? ` (${order.variantName})` : "";
  return (
    <li className="seller-order" data-testid="order-row" data-order-number={order.number} data-status={order.status}>
      <div className="seller-order-main">
        <p className="seller-order-head">
          <span className={badge.className} data-testid="order-status">
            {badge.label}
          </span>{" "}
          <strong>#{order.number}</strong>{" "}
          <span className="muted">
            {inBrowser ? formatDateTime(order.createdAt) : order.createdAt.toISOString().slice(0, 16).replace("T", " ")} ·{" "}
            <bdi>{order.buyer.name ?? order.buyer.username}</bdi>
          </span>
        </p>
        <p className="seller-order-what">
          <bdi>{order.productTitle}</bdi>
          {variant} × {order.quantity} · <strong>{formatMoney(order.totalCents, order.currency)}</strong>
          {order.flashSale ? <span className="badge seller-badge seller-badge-sale">Deal</span> : null}{" "}
          <span className="muted">{order.paymentProvider === "COD" ? "pay on delivery" : "card"}</span>
        </p>
      </div>
      <div className="seller-order-actions">
        {orderActions(order).map((action) => (
          <ConfirmButton
            key={action}
            label={ACTION_TEXT[action].label}
            question={ACTION_TEXT[action].question}
            confirmLabel={ACTION_TEXT[action].confirm}
            danger={ACTION_TEXT[action].danger}
            pending={pending}
            onConfirm={() => run(action)}
            testId={`order-${action}`}
          />
        ))}
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-controls={detailId}
          onClick={() => setOpen((value) => !value)}
          data-testid="order-details"
        >
          {open ? "Hide details" : "Details"}
        </button>
      </div>
      {error ? <ErrorLine error={errorMessage(error)} /> : null}
      {outcome && !error ? (
        <p className="mod-outcome" role="status">
          {outcome}
        </p>
      ) : null}
      <div id={detailId} hidden={!open}>
        {open ? <OrderDetailView streamId={streamId} orderId={order.id} /> : null}
      </div>
    </li>
  );
}

function OrderDetailView({ streamId, orderId }: { streamId: string; orderId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.orders.detail.queryOptions({ streamId, orderId }));
  if (detail.isPending) return <p className="muted">Loading…</p>;
  if (detail.error) return <ErrorLine error={detail.error} />;
  const order = detail.data;
  const address = order.shippingAddress;
  return (
    <dl className="seller-order-detail" data-testid="order-detail">
      <div>
        <dt>Ship to</dt>
        <dd>
          <address>
            <ShippingAddressLines address={address} />
          </address>
          {address.phone ? <p className="seller-order-phone">Phone: {address.phone}</p> : null}
        </dd>
      </div>
      <div>
        <dt>Price</dt>
        <dd>
          {order.quantity} × {formatMoney(order.unitPriceCents, order.currency)}
          {order.flashSale ? " (flash sale price)" : ""}
        </dd>
      </div>
      <div>
        <dt>Buyer</dt>
        <dd>@{order.buyer.username}</dd>
      </div>
      <div>
        <dt>Last change</dt>
        <dd>{formatDateTime(order.updatedAt)}</dd>
      </div>
    </dl>
  );
}
