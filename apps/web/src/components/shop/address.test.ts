import { describe, expect, it } from "vitest";
import { EMPTY_ADDRESS, newCheckoutRequestId, parseStoredAddress, regionOfLocale, toShippingAddress } from "./address";

describe("remembered address", () => {
  it("reads back what was stored and blanks what is missing, wrong or too long", () => {
    const stored = JSON.stringify({
      name: "Ada",
      line1: "1 Main St",
      city: 7,
      postalCode: "x".repeat(21),
      country: "DE",
      extra: "ignored",
    });
    expect(parseStoredAddress(stored)).toEqual({ ...EMPTY_ADDRESS, name: "Ada", line1: "1 Main St", country: "DE" });
  });

  it("ignores nothing, garbage and non-objects", () => {
    expect(parseStoredAddress(null)).toBeNull();
    expect(parseStoredAddress("{not json")).toBeNull();
    expect(parseStoredAddress("42")).toBeNull();
  });
});

describe("toShippingAddress", () => {
  it("trims, upper-cases the country and leaves out blank optional fields", () => {
    expect(
      toShippingAddress({
        ...EMPTY_ADDRESS,
        name: " Ada ",
        line1: "1 Main St",
        line2: "  ",
        city: "Berlin",
        postalCode: "10115 ",
        country: "de",
      }),
    ).toEqual({ name: "Ada", line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" });
  });
});

describe("helpers", () => {
  it("finds the region of a language tag", () => {
    expect(regionOfLocale("en-GB")).toBe("GB");
    expect(regionOfLocale("de")).toBe("DE");
    expect(regionOfLocale("not a locale!")).toBeNull();
    expect(regionOfLocale(undefined)).toBeNull();
  });

  it("makes version 4 UUIDs", () => {
    expect(newCheckoutRequestId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
