import { describe, expect, it } from "vitest";
import {
  checkProductForm,
  emptyProductForm,
  emptyVariantRow,
  moveItem,
  parseStock,
  productServerErrors,
  productToForm,
  type ProductFormValues,
} from "./product-form";

function form(changes: Partial<ProductFormValues> = {}): ProductFormValues {
  return { ...emptyProductForm("USD"), title: "Mug", price: "12.50", ...changes };
}

describe("checkProductForm", () => {
  it("builds the API input of a product without options", () => {
    const result = checkProductForm(form({ description: "Stoneware", images: [{ key: "k1", url: "/media/products/k1" }] }));
    expect(result.errors).toBeNull();
    expect(result.input).toEqual({
      title: "Mug",
      description: "Stoneware",
      priceCents: 1250,
      currency: "USD",
      imageKeys: ["k1"],
      variants: [{ name: "", priceCents: null, stock: null }],
    });
  });

  it("keeps saved variants' ids and converts their own prices and stock", () => {
    const result = checkProductForm(
      form({
        currency: "JPY",
        price: "1200",
        variants: [
          { ...emptyVariantRow(), id: "v1", name: " Small ", stock: "5" },
          { ...emptyVariantRow(), name: "Large", price: "1500", stock: "" },
        ],
      }),
    );
    expect(result.input?.variants).toEqual([
      { id: "v1", name: "Small", priceCents: null, stock: 5 },
      { name: "Large", priceCents: 1500, stock: null },
    ]);
  });

  it("says what is wrong next to each field", () => {
    const result = checkProductForm(
      form({
        title: "  ",
        price: "-3",
        variants: [
          { ...emptyVariantRow(), name: "Red", price: "1.234", stock: "2.5" },
          { ...emptyVariantRow(), name: "red", stock: "2000000" },
          { ...emptyVariantRow(), name: "" },
        ],
      }),
    );
    expect(result.errors).toEqual({
      title: "Give the product a title.",
      price: "A price cannot be negative.",
      "variants.0.price": "USD prices have at most 2 decimals.",
      "variants.0.stock": "Stock is a whole number of units (or empty for unlimited).",
      "variants.1.name": "Two options cannot have the same name.",
      "variants.1.stock": "Stock can be at most 1,000,000.",
      "variants.2.name": "Name each option (for example a size or colour).",
    });
  });

  it("refuses an unknown currency and a product without options", () => {
    expect(checkProductForm(form({ currency: "XXQ" })).errors).toMatchObject({ currency: "Pick a currency." });
    expect(checkProductForm(form({ variants: [] })).errors).toEqual({
      variants: "Add at least one option (its stock, or blank for unlimited).",
    });
    expect(checkProductForm(form({ title: "x".repeat(121) })).errors).toEqual({ title: "A title can be at most 120 characters." });
  });
});

describe("productToForm", () => {
  it("shows a saved product's prices as decimals and unlimited stock as blank", () => {
    const values = productToForm({
      title: "Tee",
      description: "",
      priceCents: 2000,
      currency: "EUR",
      images: [],
      variants: [
        { id: "v2", name: "L", priceCents: 2500, stock: null, position: 1 },
        { id: "v1", name: "S", priceCents: null, stock: 3, position: 0 },
      ],
    });
    expect(values.price).toBe("20.00");
    expect(values.variants.map((row) => [row.id, row.name, row.price, row.stock])).toEqual([
      ["v1", "S", "", "3"],
      ["v2", "L", "25.00", ""],
    ]);
  });
});

describe("parseStock", () => {
  it("reads blank as unlimited and refuses anything but whole units", () => {
    expect(parseStock("")).toEqual({ ok: true, stock: null });
    expect(parseStock("0")).toEqual({ ok: true, stock: 0 });
    expect(parseStock("-1")).toMatchObject({ ok: false });
    expect(parseStock("1e3")).toMatchObject({ ok: false });
  });
});

describe("productServerErrors", () => {
  it("puts input errors next to their fields", () => {
    const error = { message: "priceCents: Too big; variants.1.stock: Too small; other: x", data: { zodError: {} } };
    expect(productServerErrors(error)).toEqual({ fields: { price: "Too big", "variants.1.stock": "Too small" }, line: "other: x" });
  });

  it("puts domain refusals next to the field they are about", () => {
    const currency = { message: "The currency cannot change once the product has orders.", data: { zodError: null } };
    expect(productServerErrors(currency)).toEqual({ fields: { currency: currency.message }, line: null });
    expect(productServerErrors({ message: "That variant belongs to another product." }).fields).toHaveProperty("variants");
    expect(productServerErrors({ message: "No product with that id." })).toEqual({ fields: {}, line: "No product with that id." });
  });
});

describe("moveItem", () => {
  it("swaps neighbours and leaves the ends alone", () => {
    expect(moveItem(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b"], 0, -1)).toEqual(["a", "b"]);
    expect(moveItem(["a", "b"], 1, 1)).toEqual(["a", "b"]);
  });
});
