import type { DbOrTx, OrderStatus, PaymentProviderId, Prisma } from "@onair/db";
import type { SellerOrderView, ShopTotalsView } from "../../../events/types";
import type { ShippingAddress } from "../checkout/schemas";
import { productImageUrl } from "../shelf-view";

export const orderSelect = {
  id: true,
  number: true,
  status: true,
  userId: true,
  streamId: true,
  productId: true,
  variantId: true,
  flashSaleId: true,
  checkoutId: true,
  productTitle: true,
  variantName: true,
  quantity: true,
  unitPriceCents: true,
  totalCents: true,
  currency: true,
  paymentProvider: true,
  paymentRef: true,
  payBy: true,
  shippingAddress: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, username: true, name: true } },
  seller: { select: { username: true, name: true } },
  stream: { select: { slug: true, title: true } },
  product: { select: { imageKeys: true } },
} as const satisfies Prisma.OrderSelect;

export type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

/** An order as its buyer sees it (My orders). */
export interface BuyerOrderView {
  id: string;
  number: string;
  status: OrderStatus;
  productId: string;
  productTitle: string;
  variantName: string;
  imageUrl: string | null;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  currency: string;
  paymentProvider: PaymentProviderId;
  shippingAddress: ShippingAddress;
  stream: { slug: string; title: string } | null;
  seller: { username: string; name: string | null };
  createdAt: Date;
  updatedAt: Date;
}

export function buyerOrderView(row: OrderRow): BuyerOrderView {
  const imageKey = row.product.imageKeys[0];
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    productId: row.productId,
    productTitle: row.productTitle,
    variantName: row.variantName,
    imageUrl: imageKey ? productImageUrl(imageKey) : null,
    quantity: row.quantity,
    unitPriceCents: row.unitPriceCents,
    totalCents: row.totalCents,
    currency: row.currency,
    paymentProvider: row.paymentProvider,
    shippingAddress: row.shippingAddress as unknown as ShippingAddress,
    stream: row.stream,
    seller: row.seller,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function sellerOrderView(row: OrderRow): SellerOrderView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    buyer: row.user,
    productId: row.productId,
    productTitle: row.productTitle,
    variantName: row.variantName,
    quantity: row.quantity,
    unitPriceCents: row.unitPriceCents,
    totalCents: row.totalCents,
    currency: row.currency,
    paymentProvider: row.paymentProvider,
    flashSale: row.flashSaleId !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A stream's sales so far: orders not cancelled or refunded, revenue per currency. */
export async function shopTotals(db: DbOrTx, streamId: string): Promise<ShopTotalsView> {
  const groups = await db.order.groupBy({
    by: ["currency"],
    where: { streamId, status: { notIn: ["CANCELLED", "REFUNDED"] } },
    _count: { _all: true },
    _sum: { quantity: true, totalCents: true },
    orderBy: { currency: "asc" },
  });
  let orders = 0;
  let units = 0;
  const revenue: ShopTotalsView["revenue"] = [];
  for (const group of groups) {
    orders += group._count._all;
    units += group._sum.quantity ?? 0;
    revenue.push({ currency: group.currency, cents: group._sum.totalCents ?? 0 });
  }
  return { orders, units, revenue };
}
