import { describe, expect, it } from "vitest";
import {
  formatAverage,
  formatClock,
  formatCompact,
  formatCount,
  formatDay,
  formatDuration,
  formatPercent,
  formatRevenue,
  formatWatchTime,
} from "./format";

describe("analytics formatting", () => {
  it("writes counts, averages and axis ticks", () => {
    expect(formatCount(12345)).toBe("12,345");
    expect(formatAverage(7.46)).toBe("7.5");
    expect(formatAverage(12)).toBe("12");
    expect(formatAverage(1234.6)).toBe("1,235");
    expect(formatCompact(950)).toBe("950");
    expect(formatCompact(1250)).toBe("1.3K");
  });

  it("writes engagement as a percentage, a dash when there were no viewers", () => {
    expect(formatPercent(0.25)).toBe("25%");
    expect(formatPercent(0.125)).toBe("12.5%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(null)).toBe("—");
  });

  it("writes durations and watch time", () => {
    expect(formatDuration(45.4)).toBe("45 s");
    expect(formatDuration(245)).toBe("4 min 05 s");
    expect(formatDuration(7380)).toBe("2 h 03 min");
    expect(formatDuration(-3)).toBe("0 s");
    // 5,400 s = 90 min; 40,000 s ≈ 666.7 min → hours: 11 h.
    expect(formatWatchTime(5400)).toBe("90 min");
    expect(formatWatchTime(40_000)).toBe("11 h");
  });

  it("writes revenue in each currency", () => {
    expect(formatRevenue([])).toBe("—");
    expect(
      formatRevenue([
        { currency: "USD", cents: 12000 },
        { currency: "JPY", cents: 1500 },
      ]),
    ).toBe("$120.00 + ¥1,500");
  });

  it("writes clock times and days in the zone asked for", () => {
    const ms = Date.parse("2026-12-04T18:05:00Z");
    expect(formatClock(ms, "UTC")).toBe("18:05");
    expect(formatClock(ms, "Asia/Tokyo")).toBe("03:05");
    expect(formatDay(ms, "UTC")).toBe("Dec 4");
  });
});
