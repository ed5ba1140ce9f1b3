import { describe, expect, it } from "vitest";
import { formatClock, formatPrice, minorDigits } from "./price";

describe("formatPrice", () => {
  it("uses each currency's own minor digits", () => {
    expect(formatPrice(1999, "USD")).toBe("$19.99");
    expect(formatPrice(500, "JPY")).toBe("¥500");
    expect(formatPrice(12345, "KWD")).toBe("KWD\u00a012.345");
    expect(formatPrice(0, "EUR")).toBe("€0.00");
    expect(formatPrice(100_000_000, "USD")).toBe("$1,000,000.00");
  });

  it("knows the digits", () => {
    expect([minorDigits("USD"), minorDigits("JPY"), minorDigits("BHD")]).toEqual([2, 0, 3]);
  });
});

describe("formatClock", () => {
  it("rounds up to whole seconds and never goes below zero", () => {
    expect(formatClock(598_001)).toBe("9:59");
    expect(formatClock(7_000)).toBe("0:07");
    expect(formatClock(3_723_000)).toBe("1:02:03");
    expect(formatClock(-5)).toBe("0:00");
  });
});
