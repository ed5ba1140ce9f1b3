import type { DbOrTx, Prisma } from "@onair/db";
import { decimalAmount } from "../checkout/money";
import type { ShippingAddress } from "../checkout/schemas";

export const ORDERS_CSV_COLUMNS = [
  "number",
  "created",
  "status",
  "buyer",
  "product",
  "variant",
  "quantity",
  "unit price",
  "total",
  "currency",
  "payment",
  "shipping name",
  "shipping address",
  "shipping country",
] as const;

const EXPORT_PAGE = 500;

/** RFC 4180 quoting; a cell starting with = + - @ tab or CR gets a leading ' so spreadsheets never run it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const exportSelect = {
  id: true,
  number: true,
  createdAt: true,
  status: true,
  productTitle: true,
  variantName: true,
  quantity: true,
  unitPriceCents: true,
  totalCents: true,
  currency: true,
  paymentProvider: true,
  shippingAddress: true,
  user: { select: { username: true } },
} as const satisfies Prisma.OrderSelect;

type ExportRow = Prisma.OrderGetPayload<{ select: typeof exportSelect }>;

/** A stream's orders as CSV (oldest first), read a page at a time so a long list never sits in memory. */
export function exportOrdersCsv(db: DbOrTx, streamId: string): { body: ReadableStream<Uint8Array>; filename: string } {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode(`${ORDERS_CSV_COLUMNS.join(",")}\r\n`));
        let cursor: string | null = null;
        for (;;) {
          const rows: ExportRow[] = await db.order.findMany({
            where: { streamId },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            take: EXPORT_PAGE,
            ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
            select: exportSelect,
          });
          for (const row of rows) {
            const address = row.shippingAddress as unknown as ShippingAddress;
            const lines = [address.line1, address.line2, address.city, address.region, address.postalCode].filter(Boolean).join(", ");
            const cells = [
              row.number,
              row.createdAt.toISOString(),
              row.status,
              row.user.username,
              row.productTitle,
              row.variantName,
              String(row.quantity),
              decimalAmount(row.unitPriceCents, row.currency),
              decimalAmount(row.totalCents, row.currency),
              row.currency,
              row.paymentProvider,
              address.name,
              lines,
              address.country,
            ];
            controller.enqueue(encoder.encode(`${cells.map(csvCell).join(",")}\r\n`));
          }
          if (rows.length < EXPORT_PAGE) break;
          cursor = rows.at(-1)!.id;
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return { body, filename: `orders-${streamId}.csv` };
}
