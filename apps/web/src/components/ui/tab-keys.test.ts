import { describe, expect, it } from "vitest";
import { tabIndexForKey } from "./tab-keys";

describe("tabIndexForKey", () => {
  it("moves to the next and previous tab with the arrow keys, wrapping round at both ends", () => {
    expect(tabIndexForKey("ArrowRight", 0, 5)).toBe(1);
    expect(tabIndexForKey("ArrowRight", 4, 5)).toBe(0);
    expect(tabIndexForKey("ArrowLeft", 2, 5)).toBe(1);
    expect(tabIndexForKey("ArrowLeft", 0, 5)).toBe(4);
  });

  it("jumps to the first tab with Home and the last with End", () => {
    expect(tabIndexForKey("Home", 3, 5)).toBe(0);
    expect(tabIndexForKey("End", 1, 5)).toBe(4);
  });

  it("leaves every other key alone", () => {
    expect(tabIndexForKey("Enter", 1, 5)).toBeNull();
    expect(tabIndexForKey("ArrowDown", 1, 5)).toBeNull();
    expect(tabIndexForKey("a", 1, 5)).toBeNull();
  });
});
