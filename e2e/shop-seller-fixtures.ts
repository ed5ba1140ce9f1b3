import { randomUUID } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { mutate } from "./shop-fixtures";

/** A small RGB PNG with a gradient, made here (no image files in the repository). */
export function pngImage(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = 230;
      row[2 + x * 3] = Math.round((x / width) * 160);
      row[3 + x * 3] = Math.round((y / height) * 255);
    }
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

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
