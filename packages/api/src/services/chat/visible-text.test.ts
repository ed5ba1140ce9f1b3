import { describe, expect, it } from "vitest";
import { capCombiningMarks, hasVisibleText, MAX_COMBINING_MARKS } from "./visible-text";

describe("visible text", () => {
  it.each([
    ["zero-width space", "\u200B\u200B"],
    ["zero-width joiners and BOM", "\u200C\u200D\uFEFF\u2060"],
    ["Hangul fillers", "\u3164\u115F\u1160\uFFA0"],
    ["braille blank", "\u2800\u2800"],
    ["variation selectors", "\uFE0F\uFE0E\u{E0100}"],
    ["bidi controls", "\u202E\u2066\u2069\u200F"],
    ["combining marks without a base", "\u0301\u0302"],
    ["tag characters", "\u{E0041}\u{E0042}"],
    ["spaces of all kinds", " \u00A0\u3000\u2003"],
  ])("refuses %s", (_name, text) => {
    expect(hasVisibleText(text)).toBe(false);
  });

  it.each(["hi", "👍", "é", "\u202Eabc", "日本語", "\u0915\u094D\u0937"])("accepts %s", (text) => {
    expect(hasVisibleText(text)).toBe(true);
  });

  it("trims stacks of combining marks and keeps short ones", () => {
    const zalgo = "a" + "\u0301".repeat(50) + "b";
    expect(capCombiningMarks(zalgo)).toBe("a" + "\u0301".repeat(MAX_COMBINING_MARKS) + "b");
    expect(capCombiningMarks("e\u0301\u0302")).toBe("e\u0301\u0302");
    expect(capCombiningMarks("👍\uFE0F")).toBe("👍\uFE0F");
  });
});
