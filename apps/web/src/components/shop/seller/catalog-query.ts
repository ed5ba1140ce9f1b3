import type { ProductListInput, ProductStatus } from "./types";

/** product.list's input for a tab and a search (the server pages; an empty search lists everything). */
export function catalogInput(status: ProductStatus, search: string): ProductListInput {
  const trimmed = search.trim();
  return trimmed ? { status, search: trimmed } : { status };
}
