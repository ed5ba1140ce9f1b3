import type { Role } from "@onair/db";

/** The admin's user search as submitted: free text, a role ("" = any) and whether only creators. */
export interface UserSearch {
  query: string;
  role: Role | "";
  creators: boolean;
}

export const NO_SEARCH: UserSearch = { query: "", role: "", creators: false };

export const ADMIN_PAGE_SIZE = 25;

/** The `admin.users` input for a search (without the cursor, which the paging adds); empty parts are left out. */
export function userSearchInput(search: UserSearch) {
  return {
    limit: ADMIN_PAGE_SIZE,
    ...(search.query.trim() ? { query: search.query.trim() } : {}),
    ...(search.role ? { role: search.role } : {}),
    ...(search.creators ? { creators: true } : {}),
  };
}
