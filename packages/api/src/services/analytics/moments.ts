import type { DbOrTx, ModerationAction } from "@onair/db";
import { formatMoney } from "../shop/flash-sales";
import type { AnalyticsMoment, AnalyticsMomentKind } from "./types";

/** The audit actions that are moments on the timeline. */
const MOMENT_ACTIONS = [
  "PRODUCT_PIN",
  "PRODUCT_UNPIN",
  "FLASH_SALE_START",
  "FLASH_SALE_STOP",
  "SHIELD_ON",
  "SHIELD_OFF",
] as const satisfies readonly (ModerationAction & AnalyticsMomentKind)[];

/** At most this many moments from the audit log (the earliest); a timeline with more is unreadable anyway. */
export const MAX_MOMENTS = 500;

type Details = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);
const whole = (value: unknown): number | null => (typeof value === "number" && Number.isSafeInteger(value) ? value : null);
const date = (value: unknown): Date | null => {
  if (typeof value !== "string") return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
};

/**
 * What may have moved a stream's numbers, oldest first: going live and ending,
 * pins and unpins, flash sales (started: at the sale's start; stopped early, or
 * run out: at their end) and lockdowns (shield mode), from the audit log.
 */
export async function streamMoments(
  db: DbOrTx,
  stream: { id: string; startedAt: Date | null; endedAt: Date | null },
  now: Date,
): Promise<AnalyticsMoment[]> {
  const [logs, endedSales] = await Promise.all([
    db.moderationLog.findMany({
      where: { streamId: stream.id, action: { in: [...MOMENT_ACTIONS] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: MAX_MOMENTS,
      select: { action: true, createdAt: true, details: true },
    }),
    // Sales that ran their course (no FLASH_SALE_STOP entry: nobody stopped them).
    db.flashSale.findMany({
      where: { streamId: stream.id, cancelledAt: null, endsAt: { lte: now } },
      orderBy: { endsAt: "asc" },
      take: MAX_MOMENTS,
      select: { endsAt: true, product: { select: { title: true } } },
    }),
  ]);
  const productIds = new Set<string>();
  for (const log of logs) {
    const productId = text((log.details as Details | null)?.productId);
    if (productId) productIds.add(productId);
  }
  const products = productIds.size
    ? await db.product.findMany({ where: { id: { in: [...productIds] } }, select: { id: true, title: true } })
    : [];
  const titleOf = new Map(products.map((product) => [product.id, product.title]));

  const moments: AnalyticsMoment[] = [];
  if (stream.startedAt) moments.push({ at: stream.startedAt, kind: "STREAM_STARTED", label: "Went live" });
  for (const log of logs) {
    const details = (log.details ?? {}) as Details;
    const productId = text(details.productId);
    const title = text(details.title) ?? (productId ? titleOf.get(productId) : undefined) ?? "a product";
    const kind = log.action as (typeof MOMENT_ACTIONS)[number];
    switch (kind) {
      case "PRODUCT_PIN":
        moments.push({ at: log.createdAt, kind, label: `Pinned ${title}` });
        break;
      case "PRODUCT_UNPIN":
        moments.push({ at: log.createdAt, kind, label: `Unpinned ${title}` });
        break;
      case "FLASH_SALE_START": {
        const cents = whole(details.priceCents);
        const currency = text(details.currency);
        const price = cents !== null && currency && /^[A-Z]{3}$/.test(currency) ? ` at ${formatMoney(cents, currency)}` : "";
        moments.push({ at: date(details.startsAt) ?? log.createdAt, kind, label: `Flash sale: ${title}${price}` });
        break;
      }
      case "FLASH_SALE_STOP":
        moments.push({ at: log.createdAt, kind, label: `Flash sale stopped: ${title}` });
        break;
      case "SHIELD_ON":
        moments.push({ at: log.createdAt, kind, label: "Lockdown on" });
        break;
      case "SHIELD_OFF":
        moments.push({ at: log.createdAt, kind, label: "Lockdown off" });
        break;
    }
  }
  for (const sale of endedSales) {
    moments.push({ at: sale.endsAt, kind: "FLASH_SALE_STOP", label: `Flash sale ended: ${sale.product.title}` });
  }
  if (stream.endedAt) moments.push({ at: stream.endedAt, kind: "STREAM_ENDED", label: "Stream ended" });
  // Stable: equal times keep the order above (went live first, ended last).
  return moments.sort((a, b) => a.at.getTime() - b.at.getTime());
}
