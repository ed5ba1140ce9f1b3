import { centsToInput, isKnownCurrency, parsePrice } from "./money";

/** The API's bounds (product.create / product.update). */
export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const IMAGES_MAX = 8;
export const VARIANTS_MAX = 50;
export const VARIANT_NAME_MAX = 40;
export const STOCK_MAX = 1_000_000;

export interface ProductImage {
  key: string;
  url: string;
}

/** One row of the variants table as typed. `id`: the saved variant it edits (none for a new row). */
export interface VariantRow {
  /** React's key for the row (stable while rows are added and removed). */
  rowKey: string;
  id: string | null;
  name: string;
  /** "" = the product's price. */
  price: string;
  /** "" = unlimited. */
  stock: string;
}

export interface ProductFormValues {
  title: string;
  description: string;
  price: string;
  currency: string;
  images: ProductImage[];
  variants: VariantRow[];
}

/** What the form edits of a saved product (ProductView). */
export interface EditableProduct {
  title: string;
  description: string;
  priceCents: number;
  currency: string;
  images: ProductImage[];
  variants: Array<{ id: string; name: string; priceCents: number | null; stock: number | null; position: number }>;
}

/** Field → sentence. Keys: title, description, price, currency, images, variants, variants.<i>.name|price|stock. */
export type ProductFormErrors = Record<string, string>;

let rowCounter = 0;
export function newRowKey(): string {
  rowCounter += 1;
  return `row-${rowCounter}`;
}

export function emptyVariantRow(): VariantRow {
  return { rowKey: newRowKey(), id: null, name: "", price: "", stock: "" };
}

export function emptyProductForm(currency = "USD"): ProductFormValues {
  return { title: "", description: "", price: "", currency, images: [], variants: [emptyVariantRow()] };
}

export function productToForm(product: EditableProduct): ProductFormValues {
  const variants = [...product.variants].sort((a, b) => a.position - b.position);
  return {
    title: product.title,
    description: product.description,
    price: centsToInput(product.priceCents, product.currency),
    currency: product.currency,
    images: product.images.map((image) => ({ key: image.key, url: image.url })),
    variants: (variants.length > 0 ? variants : []).map((variant) => ({
      rowKey: newRowKey(),
      id: variant.id,
      name: variant.name,
      price: variant.priceCents === null ? "" : centsToInput(variant.priceCents, product.currency),
      stock: variant.stock === null ? "" : String(variant.stock),
    })),
  };
}

export interface ProductInput {
  title: string;
  description: string;
  priceCents: number;
  currency: string;
  imageKeys: string[];
  variants: Array<{ id?: string; name: string; priceCents: number | null; stock: number | null }>;
}

/** Stock as typed: "" → unlimited (null), else a whole number 0..1,000,000. */
export function parseStock(text: string): { ok: true; stock: number | null } | { ok: false; error: string } {
  const value = text.trim();
  if (value === "") return { ok: true, stock: null };
  if (!/^\d+$/.test(value)) return { ok: false, error: "Stock is a whole number of units (or empty for unlimited)." };
  const stock = Number(value);
  if (stock > STOCK_MAX) return { ok: false, error: `Stock can be at most ${STOCK_MAX.toLocaleString("en")}.` };
  return { ok: true, stock };
}

/**
 * Checks the form the way the server will (same bounds) and builds the API input, or says what is
 * wrong next to each field. A product without options is one row with an empty name.
 */
export function checkProductForm(
  values: ProductFormValues,
): { input: ProductInput; errors: null } | { input: null; errors: ProductFormErrors } {
  const errors: ProductFormErrors = {};
  const title = values.title.trim();
  if (title === "") errors.title = "Give the product a title.";
  else if (title.length > TITLE_MAX) errors.title = `A title can be at most ${TITLE_MAX} characters.`;
  if (values.description.length > DESCRIPTION_MAX) {
    errors.description = `A description can be at most ${DESCRIPTION_MAX.toLocaleString("en")} characters.`;
  }
  const currencyKnown = isKnownCurrency(values.currency);
  if (!currencyKnown) errors.currency = "Pick a currency.";
  const price = currencyKnown ? parsePrice(values.price, values.currency) : null;
  if (price && !price.ok) errors.price = price.error;
  if (values.images.length > IMAGES_MAX) errors.images = `A product can have at most ${IMAGES_MAX} images.`;

  if (values.variants.length === 0) errors.variants = "Add at least one option (its stock, or blank for unlimited).";
  else if (values.variants.length > VARIANTS_MAX) errors.variants = `A product can have at most ${VARIANTS_MAX} options.`;
  const several = values.variants.length > 1;
  const seen = new Set<string>();
  const variants: ProductInput["variants"] = [];
  values.variants.forEach((row, index) => {
    const name = row.name.trim();
    if (several && name === "") errors[`variants.${index}.name`] = "Name each option (for example a size or colour).";
    else if (name.length > VARIANT_NAME_MAX) errors[`variants.${index}.name`] = `At most ${VARIANT_NAME_MAX} characters.`;
    else if (seen.has(name.toLowerCase())) errors[`variants.${index}.name`] = "Two options cannot have the same name.";
    seen.add(name.toLowerCase());
    let priceCents: number | null = null;
    if (row.price.trim() !== "" && currencyKnown) {
      const own = parsePrice(row.price, values.currency);
      if (own.ok) priceCents = own.cents;
      else errors[`variants.${index}.price`] = own.error;
    }
    const stock = parseStock(row.stock);
    if (!stock.ok) errors[`variants.${index}.stock`] = stock.error;
    variants.push({
      ...(row.id ? { id: row.id } : {}),
      name,
      priceCents,
      stock: stock.ok ? stock.stock : null,
    });
  });

  if (Object.keys(errors).length > 0 || !price?.ok) return { input: null, errors };
  return {
    input: {
      title,
      description: values.description,
      priceCents: price.cents,
      currency: values.currency,
      imageKeys: values.images.map((image) => image.key),
      variants,
    },
    errors: null,
  };
}

/** The API's field paths (zod's "variants.2.stock") as the form's fields. */
function fieldOfPath(path: string): string | null {
  if (path === "title" || path === "description" || path === "currency") return path;
  if (path === "priceCents") return "price";
  if (path.startsWith("imageKeys")) return "images";
  const variant = /^variants\.(\d+)\.(name|priceCents|stock)$/.exec(path);
  if (variant) return `variants.${variant[1]}.${variant[2] === "priceCents" ? "price" : variant[2]}`;
  if (path.startsWith("variants")) return "variants";
  return null;
}

/**
 * A refused save as sentences next to fields: the server's input errors ("variants.1.stock: ...") go
 * to their field; a domain refusal naming a field's subject goes next to it; the rest is one line.
 */
export function productServerErrors(error: { message: string; data?: unknown } | null): { fields: ProductFormErrors; line: string | null } {
  if (!error) return { fields: {}, line: null };
  const data = error.data as { zodError?: unknown } | undefined;
  if (data?.zodError) {
    const fields: ProductFormErrors = {};
    const rest: string[] = [];
    for (const part of error.message.split("; ")) {
      const match = /^([\w.]+): (.+)$/.exec(part);
      const field = match ? fieldOfPath(match[1]!) : null;
      if (match && field) fields[field] ??= match[2]!;
      else rest.push(part);
    }
    return { fields, line: rest.length > 0 ? rest.join(" ") : null };
  }
  const subject = /\bcurrency\b/i.test(error.message)
    ? "currency"
    : /\bimages?\b|\bupload/i.test(error.message)
      ? "images"
      : /\bvariants?\b|\boptions?\b/i.test(error.message)
        ? "variants"
        : null;
  return subject ? { fields: { [subject]: error.message }, line: null } : { fields: {}, line: error.message };
}

/** Moves an item of a list one place up (-1) or down (+1); the same list when it cannot move. */
export function moveItem<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}
