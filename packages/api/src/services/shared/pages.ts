import { z } from "zod";

/**
 * The input of a list read a page at a time: `cursor` is the id of the last row
 * of the previous page (omit it for the first page).
 */
export function cursorPageShape(options: { max: number; default: number }) {
  return {
    cursor: z.string().min(1).max(64).nullish(),
    limit: z.number().int().min(1).max(options.max).default(options.default),
  };
}

export interface PageRequest {
  cursor?: string | null;
  limit: number;
}

/** Prisma arguments for one page by id cursor: one row more than the page, to know whether there is another. */
export function cursorArgs(page: PageRequest) {
  return { take: page.limit + 1, ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}) };
}

/** Cuts the rows read with cursorArgs to the page and names the cursor of the next one (null: no more). */
export function pageOf<Row extends { id: string }>(rows: Row[], limit: number): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}
