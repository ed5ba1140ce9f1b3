import type { RouterInputs, RouterOutputs } from "@onair/api";

/** A product as its seller edits it (product.get). */
export type ProductView = RouterOutputs["product"]["get"];
export type ProductStatus = ProductView["status"];
export type ProductListInput = RouterInputs["product"]["list"];
export type ShelfItem = RouterOutputs["shelf"]["list"][number];
export type OrderDetail = RouterOutputs["orders"]["detail"];
export type OrderListInput = RouterInputs["orders"]["forStream"];
