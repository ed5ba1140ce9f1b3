import { z } from "zod";
import { idSchema, streamIdSchema as streamId } from "../shared/ids";
import { cursorPageShape } from "../shared/pages";

/** ISO 4217 codes this runtime knows (Intl also formats them with their minor digits). */
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_STOCK = 1_000_000;
export const MAX_VARIANTS = 50;
export const MAX_IMAGES = 8;
export const MAX_SHELF = 50;
export const MAX_PINNED = 3;

const productId = idSchema("productId");
const variantId = idSchema("variantId");

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "Currency must be a three-letter ISO 4217 code in capitals, like EUR.")
  .refine((code) => CURRENCIES.has(code), "Unknown currency: use an ISO 4217 code, like EUR or USD.");

const priceCents = z
  .number()
  .int("Prices are whole numbers of the currency's smallest unit (cents).")
  .min(0, "A price cannot be negative.")
  .max(MAX_PRICE_CENTS, `A price is at most ${MAX_PRICE_CENTS} minor units.`);

const title = z.string().trim().min(1, "A product needs a title.").max(120, "A title is at most 120 characters.");
const description = z.string().trim().max(2000, "A description is at most 2000 characters.");
/** Keys returned by product.uploadImage. */
const imageKeys = z
  .array(z.string().min(1).max(200))
  .max(MAX_IMAGES, `A product has at most ${MAX_IMAGES} images.`)
  .refine((keys) => new Set(keys).size === keys.length, "The same image is listed twice.");

const variantName = z.string().trim().max(40, "A variant's name is at most 40 characters.");
const stock = z
  .number()
  .int("Stock is a whole number of units.")
  .min(0, "Stock cannot be negative.")
  .max(MAX_STOCK, `Stock is at most ${MAX_STOCK} units.`)
  .nullable();

function uniqueNames(variants: { name: string }[]): boolean {
  return new Set(variants.map((variant) => variant.name.toLocaleLowerCase())).size === variants.length;
}

const variantList = <T extends z.ZodType<{ name: string }>>(variant: T) =>
  z
    .array(variant)
    .min(1, "A product needs at least one variant.")
    .max(MAX_VARIANTS, `A product has at most ${MAX_VARIANTS} variants.`)
    .refine(uniqueNames, "Two variants have the same name.");

const newVariant = z.object({ name: variantName, priceCents: priceCents.nullish(), stock });

export const productCreateInput = z.object({
  title,
  description: description.default(""),
  priceCents,
  currency: currencySchema,
  imageKeys: imageKeys.default([]),
  variants: variantList(newVariant),
});
export type ProductCreateInput = z.infer<typeof productCreateInput>;

export const productUpdateInput = z.object({
  productId,
  title: title.optional(),
  description: description.optional(),
  priceCents: priceCents.optional(),
  currency: currencySchema.optional(),
  imageKeys: imageKeys.optional(),
  variants: variantList(newVariant.extend({ id: variantId.optional() }))
    .refine((variants) => {
      const ids = variants.flatMap((variant) => (variant.id ? [variant.id] : []));
      return new Set(ids).size === ids.length;
    }, "The same variant is listed twice.")
    .optional(),
});
export type ProductUpdateInput = z.infer<typeof productUpdateInput>;

export const productStatusSchema = z.enum(["ACTIVE", "ARCHIVED"]);

export const productListInput = z.object({
  status: productStatusSchema.default("ACTIVE"),
  search: z.string().trim().max(100).optional(),
  ...cursorPageShape({ max: 50, default: 20 }),
});
export type ProductListInput = z.infer<typeof productListInput>;

/** The stream owner's active products not on the shelf yet (shelf.offerable). */
export const shelfOfferableInput = z.object({
  streamId,
  search: z.string().trim().max(100).optional(),
  ...cursorPageShape({ max: 50, default: 20 }),
});
export type ShelfOfferableInput = z.infer<typeof shelfOfferableInput>;

export const productIdInput = z.object({ productId });
export const productSetStatusInput = z.object({ productId, status: productStatusSchema });

export const shelfListInput = z.object({ streamId });
export const shelfProductInput = z.object({ streamId, productId });
export const shelfReorderInput = z.object({
  streamId,
  productIds: z
    .array(productId)
    .max(MAX_SHELF)
    .refine((ids) => new Set(ids).size === ids.length, "A product is listed twice."),
});
export const shelfPinInput = z.object({ streamId, productId, pinned: z.boolean() });
export const shelfSoldOutInput = z.object({ streamId, productId, soldOut: z.boolean() });
export const shelfModeratorsInput = z.object({ streamId, allowed: z.boolean() });

export const MIN_FLASH_SECONDS = 30;
export const MAX_FLASH_SECONDS = 1200;

export const startFlashSaleInput = z
  .object({
    streamId,
    productId,
    priceCents,
    durationSeconds: z
      .number()
      .int()
      .min(MIN_FLASH_SECONDS, "A flash sale lasts at least 30 seconds.")
      .max(MAX_FLASH_SECONDS, "A flash sale lasts at most 20 minutes."),
    startsInSeconds: z.number().int().min(0).max(600, "A flash sale starts within 10 minutes.").default(0),
    totalQuantity: z.number().int().min(1).max(100_000),
    perBuyerLimit: z.number().int().min(1).max(100),
  })
  .refine((input) => input.perBuyerLimit <= input.totalQuantity, {
    message: "The per-buyer limit cannot exceed the sale's quantity.",
    path: ["perBuyerLimit"],
  });
export type StartFlashSaleInput = z.infer<typeof startFlashSaleInput>;

export const stopFlashSaleInput = z.object({ streamId, flashSaleId: idSchema("flashSaleId") });
