import { describe, expect, it } from "vitest";
import { INPUT_LIMITS, inputProblem, requestIdSchema } from "./input-limits";

describe("inputProblem", () => {
  it("accepts ordinary inputs, emoji and paired surrogates", () => {
    expect(inputProblem(undefined)).toBeNull();
    expect(inputProblem({ streamId: "abc", body: "hi 👋🏽 日本語", limit: 50, when: new Date(), tags: ["a", "b"] })).toBeNull();
  });

  it.each([
    [{ body: "a\u0000b" }, "body contains a NUL character."],
    [{ body: "\uD83D" }, "body contains an unpaired surrogate (not valid Unicode text)."],
    [{ nested: { list: ["ok", "x\uDC00"] } }, "nested.list.1 contains an unpaired surrogate (not valid Unicode text)."],
    [{ body: "x".repeat(INPUT_LIMITS.maxStringLength + 1) }, `body is longer than ${INPUT_LIMITS.maxStringLength} characters.`],
    [{ cursor: Infinity }, "cursor must be a finite number."],
    [{ cursor: NaN }, "cursor must be a finite number."],
    [{ from: new Date(Number.NaN) }, "from must be a date between the years 1 and 9999."],
    [{ from: new Date(-8.64e15) }, "from must be a date between the years 1 and 9999."],
    [{ ["k\u0000"]: 1 }, "input has an invalid key."],
    ["\u0000", "input contains a NUL character."],
  ])("refuses %j", (input, message) => {
    expect(inputProblem(input)).toBe(message);
  });

  it("caps nesting and the number of values", () => {
    const deep = Array.from({ length: INPUT_LIMITS.maxDepth + 1 }).reduce<unknown>((inner) => ({ inner }), 1);
    expect(inputProblem(deep)).toBe(`Input is nested more than ${INPUT_LIMITS.maxDepth} levels deep.`);
    expect(inputProblem({ list: Array.from({ length: INPUT_LIMITS.maxValues }, () => 0) })).toBe(
      `Input has more than ${INPUT_LIMITS.maxValues} values.`,
    );
  });

  it("walks superjson's Maps and Sets", () => {
    expect(inputProblem(new Map([["a", "\u0000"]]))).toBe("a contains a NUL character.");
    expect(inputProblem(new Set(["ok", "\uD800"]))).toBe("1 contains an unpaired surrogate (not valid Unicode text).");
  });
});

describe("requestIdSchema", () => {
  it("takes 8–64 of A–Z a–z 0–9 _ -", () => {
    expect(requestIdSchema.safeParse("abcd1234").success).toBe(true);
    expect(requestIdSchema.safeParse("a".repeat(64)).success).toBe(true);
    for (const bad of ["short", "a".repeat(65), "has space", "ünïcode1", "a\u0000bcdefgh"])
      expect(requestIdSchema.safeParse(bad).success).toBe(false);
  });
});
