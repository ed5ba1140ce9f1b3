import { describe, expect, it } from "vitest";
import { checkFlashSale, defaultFlashSaleForm, flashSalePhase, secondsLabel } from "./flash-sale-form";

const MUG = { currency: "USD", lowestPriceCents: 1500 };

describe("checkFlashSale", () => {
  it("builds the API input", () => {
    expect(checkFlashSale({ ...defaultFlashSaleForm(), price: "9.99", startsInSeconds: 10 }, MUG)).toEqual({
      input: { priceCents: 999, durationSeconds: 300, startsInSeconds: 10, totalQuantity: 10, perBuyerLimit: 1 },
      errors: null,
    });
  });

  it("refuses a deal price that is not below the product's lowest price", () => {
    expect(checkFlashSale({ ...defaultFlashSaleForm(), price: "15" }, MUG).errors).toEqual({
      price: "A deal price is below the product's lowest price, $15.00.",
    });
    expect(checkFlashSale({ ...defaultFlashSaleForm(), price: "" }, MUG).errors).toEqual({ price: "Type a price." });
  });

  it("refuses limits out of range, fractional ones and a buyer's limit above the total", () => {
    expect(
      checkFlashSale({ ...defaultFlashSaleForm(), price: "1", totalQuantity: "0", perBuyerLimit: "1.5", durationSeconds: 20 }, MUG).errors,
    ).toEqual({
      durationSeconds: "Pick how long the sale runs.",
      totalQuantity: "The quantity is at least 1.",
      perBuyerLimit: "A buyer's limit is a whole number.",
    });
    expect(checkFlashSale({ ...defaultFlashSaleForm(), price: "1", totalQuantity: "3", perBuyerLimit: "5" }, MUG).errors).toEqual({
      perBuyerLimit: "A buyer's limit cannot be above the sale's quantity.",
    });
    expect(checkFlashSale({ ...defaultFlashSaleForm(), price: "1", totalQuantity: "100001", perBuyerLimit: "101" }, MUG).errors).toEqual({
      totalQuantity: "The quantity is at most 100,000.",
      perBuyerLimit: "A buyer's limit is at most 100.",
    });
  });
});

describe("flashSalePhase", () => {
  const sale = { startsAt: new Date(10_000), endsAt: new Date(40_000) };
  it("counts down to the start, then to the end", () => {
    expect(flashSalePhase(sale, 4_000)).toEqual({ phase: "upcoming", msLeft: 6_000 });
    expect(flashSalePhase(sale, 10_000)).toEqual({ phase: "running", msLeft: 30_000 });
    expect(flashSalePhase(sale, 40_000)).toEqual({ phase: "ended", msLeft: 0 });
  });
});

describe("secondsLabel", () => {
  it("reads as seconds or minutes", () => {
    expect(secondsLabel(0)).toBe("No countdown");
    expect(secondsLabel(30)).toBe("30 s");
    expect(secondsLabel(1200)).toBe("20 min");
  });
});
