import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { mutate } from "./shop-fixtures";

export const SHIPPING = {
  name: "Ada Buyer",
  line1: "1 Market Street",
  city: "Springfield",
  postalCode: "12345",
  country: "US",
};

/** A pay-on-delivery order placed through the API as the signed-in buyer of `buyerPage`. */
export async function buyOnce(
  buyerPage: Page,
  purchase: { streamId: string; productId: string; variantId: string; quantity: number; unitPriceCents: number },
): Promise<{ id: string; number: string }> {
  const checkout = await mutate<{ id: string }>(buyerPage, "checkout.start", {
    requestId: randomUUID(),
    streamId: purchase.streamId,
    productId: purchase.productId,
    variantId: purchase.variantId,
    quantity: purchase.quantity,
    expectedUnitPriceCents: purchase.unitPriceCents,
  });
  const placed = await mutate<{ order: { id: string; number: string } }>(buyerPage, "checkout.place", {
    checkoutId: checkout.id,
    shippingAddress: SHIPPING,
    paymentMethod: "COD",
  });
  return placed.order;
}
