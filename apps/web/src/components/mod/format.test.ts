import { describe, expect, it } from "vitest";
import { actionLabel, durationSince } from "./format";

describe("durationSince", () => {
  const now = Date.parse("2026-12-03T12:00:00Z");
  const ago = (seconds: number) => new Date(now - seconds * 1000);

  it("says the largest whole unit, singular or plural", () => {
    expect(durationSince(ago(60), now)).toBe("1 minute");
    expect(durationSince(ago(5 * 3600 + 59 * 60), now)).toBe("5 hours");
    expect(durationSince(ago(3 * 24 * 3600), now)).toBe("3 days");
    expect(durationSince(ago(45 * 24 * 3600), now)).toBe("1 month");
    expect(durationSince(ago(800 * 24 * 3600), now)).toBe("2 years");
  });

  it("says less than a minute for recent dates and for dates in the future (clock skew)", () => {
    expect(durationSince(ago(59), now)).toBe("less than a minute");
    expect(durationSince(ago(-3600), now)).toBe("less than a minute");
  });
});

describe("actionLabel", () => {
  it("turns an audit action's name into words", () => {
    expect(actionLabel("MESSAGE_DELETE")).toBe("message delete");
    expect(actionLabel("USER_BAN")).toBe("user ban");
  });
});
