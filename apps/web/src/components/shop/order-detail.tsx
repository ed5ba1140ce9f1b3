import type { RouterOutputs } from "@onair/api";
import Link from "next/link";
import { formatDateTime } from "~/lib/format";
import { OrderStatusBadge, PAYMENT_LABELS } from "./order-status";
import { formatPrice } from "./price";
import { ShippingAddressLines } from "./shipping-address";
import { ProductImage } from "./price-tag";

type BuyerOrder = RouterOutputs["orders"]["get"];

/** /orders/[id]: one of the buyer's orders with its address, payment and where it was bought. */
export function OrderDetail({ order }: { order: BuyerOrder }) {
  const address = order.shippingAddress;
  return (
    <div className="shop-orders" data-testid="order-detail">
      <p>
        <Link href="/orders">← My orders</Link>
      </p>
      <h1>
        Order #{order.number} <OrderStatusBadge status={order.status} paymentProvider={order.paymentProvider} />
      </h1>
      <div className="shop-checkout-item">
        <ProductImage product={{ title: order.productTitle, imageUrls: order.imageUrl ? [order.imageUrl] : [] }} className="shop-thumb" />
        <div>
          <p className="shop-checkout-title">
            <bdi>{order.productTitle}</bdi>
            {order.variantName ? (
              <span className="muted">
                {" "}
                · <bdi>{order.variantName}</bdi>
              </span>
            ) : null}
          </p>
          <p className="muted">
            {order.quantity} × {formatPrice(order.unitPriceCents, order.currency)}
          </p>
          <p>
            Total <strong>{formatPrice(order.totalCents, order.currency)}</strong>
          </p>
        </div>
      </div>
      <dl className="shop-order-facts">
        <div>
          <dt>Ordered</dt>
          <dd>{formatDateTime(order.createdAt)}</dd>
        </div>
        <div>
          <dt>Payment</dt>
          <dd>{PAYMENT_LABELS[order.paymentProvider]}</dd>
        </div>
        <div>
          <dt>Seller</dt>
          <dd>
            <bdi>{order.seller.name ?? order.seller.username}</bdi>
          </dd>
        </div>
        <div>
          <dt>Bought during</dt>
          <dd>
            {order.stream ? (
              <Link href={`/s/${order.stream.slug}`}>
                <bdi>{order.stream.title}</bdi>
              </Link>
            ) : (
              "A stream that no longer exists"
            )}
          </dd>
        </div>
        <div className="shop-order-address">
          <dt>Ships to</dt>
          <dd>
            <ShippingAddressLines address={address} />
            {address.phone ? (
              <>
                <br />
                <bdi>{address.phone}</bdi>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
    </div>
  );
}
