import { describe, expect, it } from "vitest";
import {
  appendLivePoint,
  changeAgainstAverage,
  comparisonRows,
  liveChartData,
  missingMinutes,
  momentMarkers,
  momentTone,
  ratePerMinute,
  siteDayRows,
  siteDaysParam,
  timelineDomain,
  timelineRows,
} from "./chart-data";
import type { MetricMinuteView, SiteAnalyticsView, StreamAnalyticsView } from "./types";

const T0 = Date.parse("2026-12-04T18:00:00Z");
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * 60_000 + seconds * 1000);

function minute(offset: number, figures: Partial<MetricMinuteView> = {}): MetricMinuteView {
  return {
    minute: at(offset),
    viewersAvg: 0,
    viewersMax: 0,
    uniqueViewers: 0,
    watchSeconds: 0,
    messages: 0,
    chatters: 0,
    likes: 0,
    follows: 0,
    checkoutsStarted: 0,
    orders: 0,
    units: 0,
    revenueCents: 0,
    ...figures,
  };
}

describe("timelineRows", () => {
  it("keeps one row per minute in time order, the average rounded to one decimal", () => {
    const rows = timelineRows([minute(1, { viewersAvg: 4.25, messages: 3 }), minute(0, { viewersAvg: 2, viewersMax: 3, orders: 1 })]);
    expect(rows.map((row) => [row.t, row.viewers, row.viewersMax, row.messages, row.orders])).toEqual([
      [T0, 2, 3, 0, 1],
      [T0 + 60_000, 4.3, 0, 3, 0],
    ]);
  });

  it("fills minutes the collector has no row for with nulls, so the chart breaks there", () => {
    const rows = timelineRows([minute(0, { viewersAvg: 5 }), minute(3, { viewersAvg: 7 })]);
    expect(rows.map((row) => [row.t, row.viewers, row.messages])).toEqual([
      [T0, 5, 0],
      [T0 + 60_000, null, null],
      [T0 + 120_000, null, null],
      [T0 + 180_000, 7, 0],
    ]);
    expect(missingMinutes(rows)).toBe(2);
  });

  it("drops a repeated minute and is empty for an empty series", () => {
    expect(timelineRows([minute(0, { messages: 1 }), minute(0, { messages: 9 })]).map((row) => row.messages)).toEqual([1]);
    expect(timelineRows([])).toEqual([]);
  });
});

describe("momentMarkers and timelineDomain", () => {
  it("numbers the moments in time order", () => {
    const markers = momentMarkers([
      { at: at(5, 30), kind: "PRODUCT_PIN", label: "Pinned Mug" },
      { at: at(0, 10), kind: "STREAM_STARTED", label: "Went live" },
      { at: at(9), kind: "SHIELD_ON", label: "Lockdown on" },
    ]);
    expect(markers).toEqual([
      { n: 1, t: T0 + 10_000, kind: "STREAM_STARTED", label: "Went live" },
      { n: 2, t: T0 + 330_000, kind: "PRODUCT_PIN", label: "Pinned Mug" },
      { n: 3, t: T0 + 540_000, kind: "SHIELD_ON", label: "Lockdown on" },
    ]);
  });

  it("spans every minute (to its end) and every moment", () => {
    const rows = timelineRows([minute(1), minute(2)]);
    const markers = momentMarkers([
      { at: at(0, 40), kind: "STREAM_STARTED", label: "Went live" },
      { at: at(4, 5), kind: "STREAM_ENDED", label: "Ended" },
    ]);
    expect(timelineDomain(rows, markers)).toEqual([T0 + 40_000, T0 + 245_000]);
    expect(timelineDomain(rows, [])).toEqual([T0 + 60_000, T0 + 180_000]);
    expect(timelineDomain([], [])).toBeNull();
  });

  it("gives each kind of moment its family", () => {
    expect(momentTone("STREAM_ENDED")).toBe("stream");
    expect(momentTone("FLASH_SALE_START")).toBe("shop");
    expect(momentTone("SHIELD_OFF")).toBe("moderation");
  });
});

describe("comparisonRows", () => {
  const view = {
    stream: { id: "s3", slug: "third", title: "Third", status: "ENDED", startedAt: at(0), endedAt: at(90) },
    summary: {
      durationSeconds: 5400,
      peakViewers: 40,
      averageViewers: 22.5,
      uniqueViewers: 80,
      watchSeconds: 96_000,
      averageWatchSeconds: 1200,
      chatMessages: 300,
      chatters: 20,
      likers: 10,
      chatEngagement: 0.25,
      likeEngagement: 0.125,
      newFollowers: 6,
      checkoutsStarted: 5,
      orders: 3,
      units: 4,
      revenue: [],
    },
    previous: [
      {
        id: "s2",
        slug: "second",
        title: "Second",
        startedAt: at(-1440),
        endedAt: at(-1380),
        durationSeconds: 3600,
        peakViewers: 30,
        averageViewers: 15,
        uniqueViewers: 50,
        averageWatchSeconds: 900,
        chatters: 10,
        chatMessages: 100,
        newFollowers: 2,
        orders: 1,
      },
      {
        id: "s1",
        slug: "first",
        title: "First",
        startedAt: at(-2880),
        endedAt: null,
        durationSeconds: 1800,
        peakViewers: 10,
        averageViewers: 5,
        uniqueViewers: 20,
        averageWatchSeconds: 600,
        chatters: 4,
        chatMessages: 30,
        newFollowers: 0,
        orders: 0,
      },
    ],
  } as unknown as StreamAnalyticsView;

  it("lists the previous streams oldest first, then this one, marked current", () => {
    const rows = comparisonRows(view);
    expect(rows.map((row) => [row.id, row.current, row.averageViewers, row.durationSeconds])).toEqual([
      ["s1", false, 5, 1800],
      ["s2", false, 15, 3600],
      ["s3", true, 22.5, 5400],
    ]);
  });

  it("compares with the previous streams' average", () => {
    // Previous averages 5 and 15: mean 10; 22.5 is 125% above it.
    expect(changeAgainstAverage(22.5, [5, 15])).toBe(1.25);
    expect(changeAgainstAverage(5, [10, 10])).toBe(-0.5);
    expect(changeAgainstAverage(5, [])).toBeNull();
    expect(changeAgainstAverage(5, [0, 0])).toBeNull();
  });
});

describe("the live chart", () => {
  it("keeps one point per time, in order, dropping the oldest beyond the cap", () => {
    let points = appendLivePoint([], { t: 1000, viewers: 1 }, 3);
    points = appendLivePoint(points, { t: 2000, viewers: 2 }, 3);
    points = appendLivePoint(points, { t: 2000, viewers: 3 }, 3);
    points = appendLivePoint(points, { t: 1500, viewers: 9 }, 3);
    expect(points).toEqual([
      { t: 1000, viewers: 1 },
      { t: 2000, viewers: 3 },
    ]);
    points = appendLivePoint(points, { t: 3000, viewers: 4 }, 3);
    points = appendLivePoint(points, { t: 4000, viewers: 5 }, 3);
    expect(points.map((point) => point.t)).toEqual([2000, 3000, 4000]);
  });

  it("draws collected minutes at their middle, then only the live readings after them", () => {
    const series = [minute(0, { viewersAvg: 3 }), minute(1, { viewersAvg: 5 })];
    const live = [
      { t: at(1, 50).getTime(), viewers: 99 }, // inside a collected minute: left out
      { t: at(2, 10).getTime(), viewers: 6 },
      { t: at(2, 40).getTime(), viewers: 8 },
      { t: at(3, 10).getTime(), viewers: 7 }, // after "now": left out
    ];
    const [xs, ys] = liveChartData(series, at(2), live, { now: at(3).getTime(), windowMs: null });
    expect(xs).toEqual([(T0 + 30_000) / 1000, (T0 + 90_000) / 1000, (T0 + 130_000) / 1000, (T0 + 160_000) / 1000]);
    expect(ys).toEqual([3, 5, 6, 8]);
  });

  it("shows only the window's part and breaks the line at a missing minute", () => {
    const series = [minute(0, { viewersAvg: 1 }), minute(2, { viewersAvg: 2 }), minute(3, { viewersAvg: 4 })];
    expect(liveChartData(series, at(4), [], { now: at(4).getTime(), windowMs: 3 * 60_000 })).toEqual([
      [(T0 + 90_000) / 1000, (T0 + 150_000) / 1000, (T0 + 210_000) / 1000],
      [null, 2, 4],
    ]);
  });

  it("averages a figure per minute over the last collected minutes, missing minutes as zero", () => {
    const series = [minute(0, { messages: 50 }), minute(2, { messages: 6 }), minute(4, { messages: 9, likes: 4 })];
    // Minutes 1..4 (collected through minute 5): 0 + 6 + 0 + 9 = 15 over 4 minutes.
    expect(ratePerMinute(series, at(5), "messages", 4)).toBe(3.75);
    expect(ratePerMinute(series, at(5), "likes", 5)).toBe(0.8);
    expect(ratePerMinute(series, null, "messages", 5)).toBeNull();
  });
});

describe("the admin overview", () => {
  it("orders the days and turns watch time into hours", () => {
    const day = (offset: number, watchSeconds: number) => ({
      day: new Date(Date.parse("2026-12-01T00:00:00Z") + offset * 86_400_000),
      streams: offset,
      peakViewers: 0,
      watchSeconds,
      uniqueViewers: 0,
      messages: 0,
      chatters: 0,
      likes: 0,
      follows: 0,
      orders: 0,
    });
    const view = { days: [day(1, 5400), day(0, 100)] } as unknown as SiteAnalyticsView;
    expect(siteDayRows(view).map((row) => [row.t, row.streams, row.watchHours])).toEqual([
      [Date.parse("2026-12-01T00:00:00Z"), 0, 0],
      [Date.parse("2026-12-02T00:00:00Z"), 1, 1.5],
    ]);
  });

  it("takes ?days= only as a whole number from 1 to 90", () => {
    expect(siteDaysParam("7")).toBe(7);
    expect(siteDaysParam(["90", "3"])).toBe(90);
    expect(siteDaysParam(undefined)).toBe(30);
    expect(siteDaysParam("0")).toBe(30);
    expect(siteDaysParam("91")).toBe(30);
    expect(siteDaysParam("7.5")).toBe(30);
    expect(siteDaysParam("1e1")).toBe(30);
  });
});
