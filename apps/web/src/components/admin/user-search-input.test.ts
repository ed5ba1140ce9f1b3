import { describe, expect, it } from "vitest";
import { NO_SEARCH, userSearchInput } from "./user-search-input";

describe("userSearchInput", () => {
  it("asks for the first page of everyone without a search", () => {
    expect(userSearchInput(NO_SEARCH)).toEqual({ limit: 25 });
  });

  it("sends the trimmed text, the role and the creators filter when given", () => {
    expect(userSearchInput({ query: "  vic ", role: "MODERATOR", creators: false })).toEqual({
      limit: 25,
      query: "vic",
      role: "MODERATOR",
    });
    expect(userSearchInput({ query: "   ", role: "ADMIN", creators: false })).toEqual({ limit: 25, role: "ADMIN" });
    expect(userSearchInput({ query: "", role: "", creators: true })).toEqual({ limit: 25, creators: true });
  });
});
