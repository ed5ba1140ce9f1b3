import Link from "next/link";
import type { PlacedOrder } from "./checkout-form";
import { PAYMENT_LABELS } from "./order-status";
import { formatPrice } from "./price";

/** The order is placed: its number, what and how to pay, and where to follow it. */
export function OrderConfirmation({ order, onKeepWatching }: { order: PlacedOrder; onKeepWatching: () => void }) {
  return (
    <div className="shop-confirmation" data-testid="shop-confirmation" role="status">
      <h2 id="shop-sheet-title" tabIndex={-1}>
        Order placed
      </h2>
      <p>
        Order number <strong data-testid="shop-order-number">{order.number}</strong>
      </p>
      <p>
        <bdi>{order.productTitle}</bdi>
        {order.variantName ? (
          <>
            {" "}
            · <bdi>{order.variantName}</bdi>
          </>
        ) : null}{" "}
        × {order.quantity} — <strong>{formatPrice(order.totalCents, order.currency)}</strong>
      </p>
      <p className="muted">
        {PAYMENT_LABELS[order.paymentProvider]}
        {order.paymentProvider === "COD" ? ": you pay when it arrives." : "."} <bdi>{order.seller.name ?? order.seller.username}</bdi> ships
        it to <bdi>{order.shippingAddress.name}</bdi>.
      </p>
      <div className="shop-checkout-actions">
        <button type="button" className="button" onClick={onKeepWatching}>
          Keep watching
        </button>
        <Link href="/orders" data-testid="shop-my-orders">
          My orders
        </Link>
      </div>
    </div>
  );
}
