import { z } from "zod";
import { requestIdSchema } from "../../../input-limits";
import { idSchema, streamIdSchema } from "../../shared/ids";
import { COUNTRY_CODES } from "./countries";

export const MAX_QUANTITY = 99;

const text = (what: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min > 0 ? `${what} is required.` : undefined)
    .max(max, `${what} is at most ${max} characters.`);

export const shippingAddressSchema = z.object({
  name: text("Name", 1, 100),
  line1: text("Address", 1, 200),
  line2: text("Address line 2", 0, 200).optional(),
  city: text("City", 1, 100),
  region: text("Region", 0, 100).optional(),
  postalCode: text("Postal code", 1, 20),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => COUNTRY_CODES.has(code), "Country must be a two-letter ISO 3166 country code, like US or DE."),
  phone: text("Phone", 0, 30).optional(),
});
export type ShippingAddress = z.infer<typeof shippingAddressSchema>;

export const checkoutStartInput = z.object({
  /** Client-generated per attempt (a UUID, or the SDK's 32 hex digits): a retry returns the same checkout. */
  requestId: requestIdSchema,
  streamId: streamIdSchema,
  productId: idSchema("productId"),
  variantId: idSchema("variantId"),
  quantity: z
    .number()
    .int("Quantity must be a whole number.")
    .min(1, "Quantity must be at least 1.")
    .max(MAX_QUANTITY, `Quantity must be at most ${MAX_QUANTITY}.`),
  expectedUnitPriceCents: z.number().int("Prices are whole minor units.").min(0).max(100_000_000),
});

export const checkoutIdInput = z.object({ checkoutId: idSchema("checkoutId") });

export const paymentMethodSchema = z.enum(["COD", "STRIPE"]);

export const checkoutPlaceInput = z.object({
  checkoutId: idSchema("checkoutId"),
  shippingAddress: shippingAddressSchema,
  paymentMethod: paymentMethodSchema,
});
