import type { OrderStatus, PaymentProviderId } from "@onair/db";

const LABELS: Record<OrderStatus, string> = {
  PENDING: "Pending",
  PAID: "Paid",
  FULFILLED: "Fulfilled",
  CANCELLED: "Cancelled",
  REFUNDED: "Refunded",
};

/** An order's status as a badge a buyer reads (pay-on-delivery orders say so while pending). */
export function OrderStatusBadge({ status, paymentProvider }: { status: OrderStatus; paymentProvider?: PaymentProviderId }) {
  const label = status === "PENDING" && paymentProvider === "COD" ? "Pending · pay on delivery" : LABELS[status];
  return (
    <span className={`badge shop-status shop-status-${status.toLowerCase()}`} data-testid="order-status" data-status={status}>
      {label}
    </span>
  );
}

export const PAYMENT_LABELS: Record<PaymentProviderId, string> = { COD: "Pay on delivery", STRIPE: "Card (Stripe)" };
