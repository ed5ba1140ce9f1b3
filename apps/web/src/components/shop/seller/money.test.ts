import { describe, expect, it } from "vitest";
import { centsToInput, currencyDigits, formatMoney, isKnownCurrency, parsePrice, PRICE_MAX_CENTS } from "./money";

describe("currencyDigits", () => {
  it("knows each currency's minor digits", () => {
    expect(currencyDigits("USD")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("KWD")).toBe(3);
  });
});

describe("isKnownCurrency", () => {
  it("takes upper-case ISO codes the runtime knows", () => {
    expect(isKnownCurrency("EUR")).toBe(true);
    expect(isKnownCurrency("eur")).toBe(false);
    expect(isKnownCurrency("XYZ")).toBe(false);
    expect(isKnownCurrency("EURO")).toBe(false);
  });
});

describe("parsePrice", () => {
  it("converts decimals to minor units exactly", () => {
    expect(parsePrice("12.50", "USD")).toEqual({ ok: true, cents: 1250 });
    expect(parsePrice("12.5", "USD")).toEqual({ ok: true, cents: 1250 });
    expect(parsePrice("0.29", "USD")).toEqual({ ok: true, cents: 29 });
    expect(parsePrice("1.005", "KWD")).toEqual({ ok: true, cents: 1005 });
    expect(parsePrice("  7 ", "EUR")).toEqual({ ok: true, cents: 700 });
    expect(parsePrice("12,5", "EUR")).toEqual({ ok: true, cents: 1250 });
    expect(parsePrice(".5", "USD")).toEqual({ ok: true, cents: 50 });
    expect(parsePrice("0", "USD")).toEqual({ ok: true, cents: 0 });
  });

  it("takes whole amounts for currencies without minor units", () => {
    expect(parsePrice("1200", "JPY")).toEqual({ ok: true, cents: 1200 });
    expect(parsePrice("1200.00", "JPY")).toEqual({ ok: true, cents: 1200 });
    expect(parsePrice("1200.5", "JPY")).toEqual({ ok: false, error: "JPY has no minor units: type a whole amount." });
  });

  it("refuses more decimals than the currency has", () => {
    expect(parsePrice("1.999", "USD")).toEqual({ ok: false, error: "USD prices have at most 2 decimals." });
    expect(parsePrice("1.990", "USD")).toEqual({ ok: true, cents: 199 });
  });

  it("refuses empty, negative and malformed prices with their own sentences", () => {
    expect(parsePrice("", "USD")).toEqual({ ok: false, error: "Type a price." });
    expect(parsePrice("-1", "USD")).toEqual({ ok: false, error: "A price cannot be negative." });
    expect(parsePrice("1,000.00", "USD")).toMatchObject({ ok: false, error: "Type the price as a number, like 12.50." });
    expect(parsePrice("12e3", "USD")).toMatchObject({ ok: false });
    expect(parsePrice(".", "USD")).toMatchObject({ ok: false });
    expect(parsePrice("$5", "USD")).toMatchObject({ ok: false });
  });

  it("refuses amounts over the limit", () => {
    expect(parsePrice("1000000", "USD")).toEqual({ ok: true, cents: PRICE_MAX_CENTS });
    expect(parsePrice("1000000.01", "USD")).toEqual({ ok: false, error: "A price can be at most $1,000,000.00." });
    expect(parsePrice("99999999999999999999", "USD")).toMatchObject({ ok: false });
    expect(parsePrice("10", "USD", { max: 999 })).toMatchObject({ ok: false });
  });
});

describe("centsToInput and formatMoney", () => {
  it("show minor units with the currency's digits", () => {
    expect(centsToInput(1250, "USD")).toBe("12.50");
    expect(centsToInput(5, "USD")).toBe("0.05");
    expect(centsToInput(1200, "JPY")).toBe("1200");
    expect(centsToInput(1005, "KWD")).toBe("1.005");
    expect(formatMoney(1250, "USD")).toBe("$12.50");
    expect(formatMoney(1200, "JPY")).toBe("¥1,200");
  });

  it("round-trip through parsePrice", () => {
    for (const [cents, currency] of [
      [0, "USD"],
      [1, "USD"],
      [123456, "EUR"],
      [99, "JPY"],
      [1001, "KWD"],
    ] as const) {
      expect(parsePrice(centsToInput(cents, currency), currency)).toEqual({ ok: true, cents });
    }
  });
});
