import { formatMoney, parsePrice } from "./money";

/** The API's bounds (shelf.startFlashSale). */
export const DURATION_CHOICES = [30, 60, 120, 300, 600, 900, 1200] as const;
export const COUNTDOWN_CHOICES = [0, 10, 30, 60, 120, 300, 600] as const;
export const TOTAL_QUANTITY_MAX = 100_000;
export const PER_BUYER_MAX = 100;

export interface FlashSaleFormValues {
  price: string;
  durationSeconds: number;
  startsInSeconds: number;
  totalQuantity: string;
  perBuyerLimit: string;
}

export function defaultFlashSaleForm(): FlashSaleFormValues {
  return { price: "", durationSeconds: 300, startsInSeconds: 0, totalQuantity: "10", perBuyerLimit: "1" };
}

/** "30 s", "1 min", "20 min": how a duration choice reads. */
export function secondsLabel(seconds: number): string {
  if (seconds === 0) return "No countdown";
  return seconds < 60 ? `${seconds} s` : `${seconds / 60} min`;
}

export interface FlashSaleInput {
  priceCents: number;
  durationSeconds: number;
  startsInSeconds: number;
  totalQuantity: number;
  perBuyerLimit: number;
}

function wholeNumber(text: string, min: number, max: number, what: string): { ok: true; value: number } | { ok: false; error: string } {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return { ok: false, error: `${what} is a whole number.` };
  const number = Number(value);
  if (number < min) return { ok: false, error: `${what} is at least ${min}.` };
  if (number > max) return { ok: false, error: `${what} is at most ${max.toLocaleString("en")}.` };
  return { ok: true, value: number };
}

/**
 * Checks a flash sale the way the server will: the deal price is below the product's lowest price
 * (`lowestPriceCents`, over its variants), the limits are whole numbers in range and a buyer's limit
 * is not above the total.
 */
export function checkFlashSale(
  values: FlashSaleFormValues,
  product: { currency: string; lowestPriceCents: number },
): { input: FlashSaleInput; errors: null } | { input: null; errors: Partial<Record<keyof FlashSaleFormValues, string>> } {
  const errors: Partial<Record<keyof FlashSaleFormValues, string>> = {};
  const price = parsePrice(values.price, product.currency);
  if (!price.ok) errors.price = price.error;
  else if (price.cents >= product.lowestPriceCents) {
    errors.price = `A deal price is below the product's lowest price, ${formatMoney(product.lowestPriceCents, product.currency)}.`;
  }
  if (!(DURATION_CHOICES as readonly number[]).includes(values.durationSeconds)) errors.durationSeconds = "Pick how long the sale runs.";
  if (!(COUNTDOWN_CHOICES as readonly number[]).includes(values.startsInSeconds)) errors.startsInSeconds = "Pick a countdown.";
  const total = wholeNumber(values.totalQuantity, 1, TOTAL_QUANTITY_MAX, "The quantity");
  if (!total.ok) errors.totalQuantity = total.error;
  const perBuyer = wholeNumber(values.perBuyerLimit, 1, PER_BUYER_MAX, "A buyer's limit");
  if (!perBuyer.ok) errors.perBuyerLimit = perBuyer.error;
  else if (total.ok && perBuyer.value > total.value) errors.perBuyerLimit = "A buyer's limit cannot be above the sale's quantity.";
  if (Object.keys(errors).length > 0 || !price.ok || !total.ok || !perBuyer.ok) return { input: null, errors };
  return {
    input: {
      priceCents: price.cents,
      durationSeconds: values.durationSeconds,
      startsInSeconds: values.startsInSeconds,
      totalQuantity: total.value,
      perBuyerLimit: perBuyer.value,
    },
    errors: null,
  };
}

/** The phase of a sale at `now` (server-aligned): counting down to its start, running, or over. */
export function flashSalePhase(
  sale: { startsAt: Date; endsAt: Date },
  now: number,
): { phase: "upcoming" | "running" | "ended"; msLeft: number } {
  const starts = sale.startsAt.getTime();
  const ends = sale.endsAt.getTime();
  if (now < starts) return { phase: "upcoming", msLeft: starts - now };
  if (now < ends) return { phase: "running", msLeft: ends - now };
  return { phase: "ended", msLeft: 0 };
}
