/** The number of minor digits of an ISO 4217 currency (JPY 0, USD 2, KWD 3). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as a decimal string with the currency's digits ("12.50"), no symbol (CSV). */
export function decimalAmount(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, "0")}`;
}

/** Minor units for people ("$12.50", "¥1,200"). */
export function formatMoney(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat("en", { style: "currency", currency }).format(cents / 10 ** digits);
}
