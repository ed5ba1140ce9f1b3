import { describe, expect, it } from "vitest";
import { searchQueryOf, streamListInput } from "./stream-filter";

describe("searchQueryOf", () => {
  it("trims the search and ignores a blank or missing one", () => {
    expect(searchQueryOf("  lofi beats ")).toBe("lofi beats");
    expect(searchQueryOf("   ")).toBeNull();
    expect(searchQueryOf(undefined)).toBeNull();
  });

  it("takes the first of repeated parameters and cuts to 100 characters", () => {
    expect(searchQueryOf(["chess", "go"])).toBe("chess");
    expect(searchQueryOf("a".repeat(150))).toBe("a".repeat(100));
    expect(searchQueryOf(`${"a".repeat(99)}   b`)).toBe("a".repeat(99));
  });
});

describe("streamListInput", () => {
  it("pages a section with its filter", () => {
    expect(streamListInput("ENDED", { channel: "vic" })).toEqual({ status: "ENDED", limit: 20, channel: "vic" });
    expect(streamListInput("LIVE", {})).toEqual({ status: "LIVE", limit: 20 });
  });
});
