import type { SellerOrderView, ShopTotalsView } from "@onair/api/events";
import type { OrderStatus } from "@onair/db";
import type { QueryClient, QueryKey } from "@tanstack/react-query";

export type { SellerOrderView, ShopTotalsView, OrderStatus };

export const ORDER_STATUSES = ["PENDING", "PAID", "FULFILLED", "CANCELLED", "REFUNDED"] as const satisfies readonly OrderStatus[];

/** How each status reads on its badge, and the badge's colour class. */
export const ORDER_STATUS_BADGES: Record<OrderStatus, { label: string; className: string }> = {
  PENDING: { label: "Pending", className: "badge seller-badge seller-badge-pending" },
  PAID: { label: "Paid", className: "badge seller-badge seller-badge-paid" },
  FULFILLED: { label: "Fulfilled", className: "badge seller-badge seller-badge-fulfilled" },
  CANCELLED: { label: "Cancelled", className: "badge seller-badge seller-badge-closed" },
  REFUNDED: { label: "Refunded", className: "badge seller-badge seller-badge-closed" },
};

export type OrderAction = "markPaid" | "fulfil" | "cancel" | "refund";

/**
 * What the seller can do to an order now, as the server allows it: pay-on-delivery orders are marked
 * paid (cash collected) or fulfilled straight from pending; card orders become paid by the provider;
 * pending and paid orders can be cancelled; money taken can be refunded.
 */
export function orderActions(order: Pick<SellerOrderView, "status" | "paymentProvider">): OrderAction[] {
  const cod = order.paymentProvider === "COD";
  switch (order.status) {
    case "PENDING":
      return cod ? ["markPaid", "fulfil", "cancel"] : ["cancel"];
    case "PAID":
      return ["fulfil", "cancel", "refund"];
    case "FULFILLED":
      return ["refund"];
    case "CANCELLED":
    case "REFUNDED":
      return [];
  }
}

/** One page of orders.forStream. */
export interface OrderPage {
  items: SellerOrderView[];
  totals: ShopTotalsView;
  nextCursor: string | null;
}

export interface OrderPages {
  pages: OrderPage[];
  pageParams: unknown[];
}

/** Newest first, as the server lists them (ties by id, descending). */
function newerFirst(a: SellerOrderView, b: SellerOrderView): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * A live order event merged into one cached order list (filtered by `status`, or all): a changed
 * order is replaced where it is, or leaves the list when it no longer matches the filter; an order
 * the list does not have goes where the server would list it, if that place is among the pages
 * already read (else "Load more" brings it). Pages keep their sizes otherwise; nothing else moves.
 */
export function mergeOrder(data: OrderPages | undefined, order: SellerOrderView, status: OrderStatus | undefined): OrderPages | undefined {
  if (!data || data.pages.length === 0) return data;
  const matches = status === undefined || order.status === status;
  const found = data.pages.findIndex((page) => page.items.some((item) => item.id === order.id));
  if (found >= 0) {
    const pages = data.pages.map((page, index) =>
      index !== found
        ? page
        : {
            ...page,
            items: matches
              ? page.items.map((item) => (item.id === order.id ? order : item))
              : page.items.filter((item) => item.id !== order.id),
          },
    );
    return { ...data, pages };
  }
  if (!matches) return data;
  // The first page whose last item is older than the order: it goes into that page.
  let target = data.pages.findIndex((page) => {
    const last = page.items.at(-1);
    return last !== undefined && newerFirst(order, last) < 0;
  });
  if (target < 0) {
    // Older than everything read: it belongs at the end only if there is nothing more to read.
    const lastPage = data.pages.at(-1)!;
    if (lastPage.nextCursor !== null) return data;
    target = data.pages.length - 1;
  }
  const pages = data.pages.map((page, index) => (index !== target ? page : { ...page, items: [...page.items, order].sort(newerFirst) }));
  return { ...data, pages };
}

/** The order status a cached orders.forStream list is filtered by (its tRPC key's input), if any. */
function statusOfKey(key: QueryKey): OrderStatus | undefined {
  const meta = key[1] as { input?: { status?: OrderStatus } } | undefined;
  return meta?.input?.status;
}

/** An order as it is now, merged into every loaded order list under `listsKey` (each by its own filter). */
export function writeOrder(queryClient: QueryClient, listsKey: QueryKey, order: SellerOrderView): void {
  for (const [key, data] of queryClient.getQueriesData<OrderPages>({ queryKey: listsKey })) {
    if (data) queryClient.setQueryData<OrderPages>(key, mergeOrder(data, order, statusOfKey(key)));
  }
}

/** The sums shown by the ticker: "3 orders · 5 units · $120.00 + €15.00". */
export function totalsLine(totals: ShopTotalsView, money: (cents: number, currency: string) => string): string {
  const orders = `${totals.orders} ${totals.orders === 1 ? "order" : "orders"}`;
  const units = `${totals.units} ${totals.units === 1 ? "unit" : "units"}`;
  const revenue = totals.revenue.length === 0 ? "no revenue yet" : totals.revenue.map((sum) => money(sum.cents, sum.currency)).join(" + ");
  return `${orders} · ${units} · ${revenue}`;
}
