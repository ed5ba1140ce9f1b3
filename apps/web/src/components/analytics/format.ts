import { formatMoney } from "../shop/seller/money";
import type { MoneyView } from "./types";

/** How numbers and times read on the analytics pages (English, like the rest of the app). */

const countFormat = new Intl.NumberFormat("en");
const compactFormat = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const oneDecimalFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** A whole count with thousands separators: "12,345". */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** A chart axis tick: "950", "1.2K", "3.4M". */
export function formatCompact(value: number): string {
  return compactFormat.format(value);
}

/** An average (viewers, messages per minute): one decimal below 100 ("7.5"), whole above ("1,234"). */
export function formatAverage(value: number): string {
  return value < 100 ? oneDecimalFormat.format(value) : countFormat.format(Math.round(value));
}

/** A share (0.25 → "25%", 0.125 → "12.5%"); "—" when there is nothing to divide by. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  return `${oneDecimalFormat.format(ratio * 100)}%`;
}

/** A length of time: "45 s", "4 min 05 s", "2 h 03 min" (seconds rounded). */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, "0")} s`;
  const minutes = Math.round(total / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** Watch time summed over viewers: minutes below ten hours ("95 min"), hours above ("1,234 h"). */
export function formatWatchTime(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 600) return `${formatCount(minutes)} min`;
  return `${formatCount(Math.round(seconds / 3600))} h`;
}

/** Revenue in every currency it came in: "$120.00 + €15.00"; "—" without sales. */
export function formatRevenue(revenue: MoneyView[]): string {
  if (revenue.length === 0) return "—";
  return revenue.map((sum) => formatMoney(sum.cents, sum.currency)).join(" + ");
}

/**
 * Clock and date labels. `timeZone` undefined: the browser's zone; the server (and the render that
 * hydrates its HTML) passes "UTC", so both render the same text.
 */
export function formatClock(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(ms);
}

export function formatDay(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone }).format(ms);
}

export function formatDate(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone }).format(ms);
}
