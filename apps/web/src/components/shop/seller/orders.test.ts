import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";
import { mergeOrder, orderActions, totalsLine, writeOrder, type OrderPages, type SellerOrderView } from "./orders";

const TOTALS = { orders: 0, units: 0, revenue: [] };

function order(id: string, minute: number, changes: Partial<SellerOrderView> = {}): SellerOrderView {
  const at = new Date(Date.UTC(2026, 11, 4, 16, minute));
  return {
    id,
    number: `N-${id}`,
    status: "PENDING",
    buyer: { id: "u1", username: "buyer", name: null },
    productId: "p1",
    productTitle: "Mug",
    variantName: "",
    quantity: 1,
    unitPriceCents: 1000,
    totalCents: 1000,
    currency: "USD",
    paymentProvider: "COD",
    flashSale: false,
    createdAt: at,
    updatedAt: at,
    ...changes,
  };
}

function pages(...lists: Array<{ items: SellerOrderView[]; more: boolean }>): OrderPages {
  return {
    pages: lists.map((list) => ({ items: list.items, totals: TOTALS, nextCursor: list.more ? "cursor" : null })),
    pageParams: lists.map((_, index) => (index === 0 ? null : "cursor")),
  };
}

const ids = (data: OrderPages | undefined) => data?.pages.map((page) => page.items.map((item) => item.id));

describe("mergeOrder", () => {
  it("puts a new order at the top of the first page", () => {
    const data = pages({ items: [order("b", 5), order("a", 1)], more: false });
    expect(ids(mergeOrder(data, order("c", 9), undefined))).toEqual([["c", "b", "a"]]);
  });

  it("replaces a changed order in place and never duplicates it", () => {
    const data = pages({ items: [order("b", 5), order("a", 1)], more: false });
    const merged = mergeOrder(data, order("a", 1, { status: "FULFILLED" }), undefined);
    expect(ids(merged)).toEqual([["b", "a"]]);
    expect(merged?.pages[0]!.items[1]!.status).toBe("FULFILLED");
    expect(ids(mergeOrder(merged, order("a", 1, { status: "FULFILLED" }), undefined))).toEqual([["b", "a"]]);
  });

  it("drops an order from a filtered list once it no longer matches, and adds one that starts to", () => {
    const pending = pages({ items: [order("b", 5), order("a", 1)], more: false });
    expect(ids(mergeOrder(pending, order("b", 5, { status: "PAID" }), "PENDING"))).toEqual([["a"]]);
    const paid = pages({ items: [order("c", 9, { status: "PAID" })], more: false });
    expect(ids(mergeOrder(paid, order("b", 5, { status: "PAID" }), "PAID"))).toEqual([["c", "b"]]);
    // A new pending order does not enter the paid list.
    expect(mergeOrder(paid, order("d", 10), "PAID")).toBe(paid);
  });

  it("inserts an older order only where pages already read reach", () => {
    const data = pages({ items: [order("d", 9), order("c", 7)], more: true }, { items: [order("b", 5), order("a", 3)], more: true });
    expect(ids(mergeOrder(data, order("x", 6, { status: "PENDING" }), undefined))).toEqual([
      ["d", "c"],
      ["x", "b", "a"],
    ]);
    // Older than everything read while more pages exist: Load more brings it.
    expect(mergeOrder(data, order("y", 1), undefined)).toBe(data);
    const complete = pages({ items: [order("b", 5)], more: false });
    expect(ids(mergeOrder(complete, order("y", 1), undefined))).toEqual([["b", "y"]]);
  });

  it("orders equal times by id, as the server does", () => {
    const data = pages({ items: [order("b", 5), order("a", 5)], more: false });
    expect(ids(mergeOrder(data, order("ab", 5), undefined))).toEqual([["b", "ab", "a"]]);
  });

  it("leaves a list that is not loaded alone", () => {
    expect(mergeOrder(undefined, order("a", 1), undefined)).toBeUndefined();
  });
});

describe("orderActions", () => {
  it("offers what each status allows", () => {
    expect(orderActions({ status: "PENDING", paymentProvider: "COD" })).toEqual(["markPaid", "fulfil", "cancel"]);
    expect(orderActions({ status: "PENDING", paymentProvider: "STRIPE" })).toEqual(["cancel"]);
    expect(orderActions({ status: "PAID", paymentProvider: "STRIPE" })).toEqual(["fulfil", "cancel", "refund"]);
    expect(orderActions({ status: "FULFILLED", paymentProvider: "COD" })).toEqual(["refund"]);
    expect(orderActions({ status: "CANCELLED", paymentProvider: "COD" })).toEqual([]);
    expect(orderActions({ status: "REFUNDED", paymentProvider: "STRIPE" })).toEqual([]);
  });
});

describe("totalsLine", () => {
  it("sums orders, units and revenue per currency", () => {
    expect(totalsLine(TOTALS, formatMoney)).toBe("0 orders · 0 units · no revenue yet");
    expect(
      totalsLine(
        {
          orders: 1,
          units: 3,
          revenue: [
            { currency: "USD", cents: 12000 },
            { currency: "JPY", cents: 1500 },
          ],
        },
        formatMoney,
      ),
    ).toBe("1 order · 3 units · $120.00 + ¥1,500");
  });
});

describe("writeOrder", () => {
  // tRPC's keys for orders.forStream infinite queries (the cursor is left out of them).
  const key = (input: object, type = "infinite") => [["orders", "forStream"], { input, type }];

  it("merges an order into every loaded list of the stream by that list's own filter", () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(key({ streamId: "s1" }), pages({ items: [order("a", 1)], more: false }));
    queryClient.setQueryData(key({ streamId: "s1", status: "PENDING" }), pages({ items: [order("a", 1)], more: false }));
    queryClient.setQueryData(key({ streamId: "s1", status: "PAID" }), pages({ items: [], more: false }));
    queryClient.setQueryData(key({ streamId: "s2" }), pages({ items: [order("z", 1)], more: false }));
    // The moderator dashboard's probe: a plain query of the same procedure, left alone.
    queryClient.setQueryData(key({ streamId: "s1" }, "query"), { items: [], totals: TOTALS, nextCursor: null });

    writeOrder(queryClient, [["orders", "forStream"], { input: { streamId: "s1" }, type: "infinite" }], order("a", 1, { status: "PAID" }));

    const read = (input: object) => ids(queryClient.getQueryData<OrderPages>(key(input)));
    expect(read({ streamId: "s1" })).toEqual([["a"]]);
    expect(queryClient.getQueryData<OrderPages>(key({ streamId: "s1" }))?.pages[0]!.items[0]!.status).toBe("PAID");
    expect(read({ streamId: "s1", status: "PENDING" })).toEqual([[]]);
    expect(read({ streamId: "s1", status: "PAID" })).toEqual([["a"]]);
    expect(read({ streamId: "s2" })).toEqual([["z"]]);
    expect(queryClient.getQueryData(key({ streamId: "s1" }, "query"))).toEqual({ items: [], totals: TOTALS, nextCursor: null });
  });
});
