const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en", { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** How many minor units a currency's major unit has, as a power of ten (USD 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  return formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units as people read it: 1999 USD → "$19.99", 500 JPY → "¥500". */
export function formatPrice(cents: number, currency: string): string {
  return formatterFor(currency).format(cents / 10 ** minorDigits(currency));
}

/** A hold or sale countdown as a clock: "9:58", "0:07", "1:02:03". */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}
