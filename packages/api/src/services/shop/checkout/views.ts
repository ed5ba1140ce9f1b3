import type { CheckoutStatus, Prisma } from "@onair/db";
import { productImageUrl } from "../shelf-view";

export const checkoutSelect = {
  id: true,
  userId: true,
  status: true,
  streamId: true,
  productId: true,
  variantId: true,
  quantity: true,
  unitPriceCents: true,
  currency: true,
  flashSaleId: true,
  expiresAt: true,
  product: { select: { title: true, imageKeys: true, ownerId: true } },
  variant: { select: { name: true } },
  order: { select: { id: true } },
} as const satisfies Prisma.CheckoutSelect;

export type CheckoutRow = Prisma.CheckoutGetPayload<{ select: typeof checkoutSelect }>;

/** A buyer's checkout: what it holds, at which price, until when. */
export interface CheckoutView {
  id: string;
  status: CheckoutStatus;
  streamId: string | null;
  productId: string;
  variantId: string;
  productTitle: string;
  variantName: string;
  imageUrl: string | null;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  currency: string;
  /** Held at a flash sale's price. */
  flashSale: boolean;
  expiresAt: Date;
  orderId: string | null;
}

export function checkoutView(row: CheckoutRow): CheckoutView {
  const imageKey = row.product.imageKeys[0];
  return {
    id: row.id,
    status: row.status,
    streamId: row.streamId,
    productId: row.productId,
    variantId: row.variantId,
    productTitle: row.product.title,
    variantName: row.variant.name,
    imageUrl: imageKey ? productImageUrl(imageKey) : null,
    quantity: row.quantity,
    unitPriceCents: row.unitPriceCents,
    totalCents: row.unitPriceCents * row.quantity,
    currency: row.currency,
    flashSale: row.flashSaleId !== null,
    expiresAt: row.expiresAt,
    orderId: row.order?.id ?? null,
  };
}
