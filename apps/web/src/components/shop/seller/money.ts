/**
 * Prices as sellers type them ("12.50") and as the API takes them (integer minor units of an
 * ISO 4217 currency). The number of minor digits comes from Intl, the same table the display uses:
 * JPY has none, EUR two, KWD three.
 */

/** The API's bounds on a price, in minor units. */
export const PRICE_MAX_CENTS = 100_000_000;

const digitsCache = new Map<string, number>();

/** Whether Intl knows `code` as an ISO 4217 currency (upper-case, three letters). */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && supportedCurrencies().includes(code);
}

let currencies: string[] | null = null;

/** Every currency the runtime can format, sorted by code. */
export function supportedCurrencies(): string[] {
  currencies ??= [...Intl.supportedValuesOf("currency")].sort();
  return currencies;
}

/** How many minor digits `currency` has (2 for USD, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** An amount in minor units, shown with its currency: "$12.50", "¥1,200". */
export function formatMoney(cents: number, currency: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat("en", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    cents / 10 ** digits,
  );
}

/** A currency's name for a select ("EUR — Euro"); the code alone when Intl has no name for it. */
export function currencyLabel(code: string): string {
  try {
    const name = new Intl.DisplayNames(["en"], { type: "currency" }).of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  } catch {
    return code;
  }
}

/** Minor units as the seller edits them: "12.50" (USD), "1200" (JPY). Exact: no floating point. */
export function centsToInput(cents: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(cents);
  const scale = 10 ** digits;
  const whole = Math.floor(cents / scale);
  return `${whole}.${String(cents % scale).padStart(digits, "0")}`;
}

export type PriceParse = { ok: true; cents: number } | { ok: false; error: string };

/**
 * A typed price to minor units, exactly (string arithmetic, never 0.1 + 0.2). Accepts "12", "12.5",
 * "12,50" and ".5"; refuses signs, thousands separators, more decimals than the currency has and
 * amounts over the API's limit, each with its own sentence.
 */
export function parsePrice(text: string, currency: string, options: { max?: number } = {}): PriceParse {
  const value = text.trim();
  const max = options.max ?? PRICE_MAX_CENTS;
  if (value === "") return { ok: false, error: "Type a price." };
  if (value.startsWith("-")) return { ok: false, error: "A price cannot be negative." };
  const match = /^(\d*)(?:[.,](\d*))?$/.exec(value);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) {
    return { ok: false, error: "Type the price as a number, like 12.50." };
  }
  const digits = currencyDigits(currency);
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) {
    return {
      ok: false,
      error: digits === 0 ? `${currency} has no minor units: type a whole amount.` : `${currency} prices have at most ${digits} decimals.`,
    };
  }
  const whole = match[1]!.replace(/^0+(?=\d)/, "");
  // More whole digits than any allowed price has: too large, without building a huge number.
  if (whole.length > 15) return { ok: false, error: `A price can be at most ${formatMoney(max, currency)}.` };
  const cents = Number(whole || "0") * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  if (cents > max) return { ok: false, error: `A price can be at most ${formatMoney(max, currency)}.` };
  return { ok: true, cents };
}
