import { describe, expect, it } from "vitest";
import { NO_SEARCH, userSearchInput } from "./user-search-input";

describe("userSearchInput", () => {
  it("asks for the first page of everyone without a search", () => {
    expect(userSearchInput(NO_SEARCH)).toEqual({ limit: 25 });
  });

  it("sends the trimmed text and the role when given", () => {
    expect(userSearchInput({ query: "  vic ", role: "MODERATOR" })).toEqual({ limit: 25, query: "vic", role: "MODERATOR" });
    expect(userSearchInput({ query: "   ", role: "ADMIN" })).toEqual({ limit: 25, role: "ADMIN" });
  });
});
