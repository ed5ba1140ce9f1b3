import { describe, expect, it } from "vitest";
import { streamSummaryCards } from "./summary";
import type { StreamAnalyticsSummary } from "./types";

const SUMMARY: StreamAnalyticsSummary = {
  durationSeconds: 600,
  peakViewers: 3,
  averageViewers: 2.4,
  uniqueViewers: 4,
  watchSeconds: 1440,
  averageWatchSeconds: 360,
  chatMessages: 6,
  chatters: 2,
  likers: 1,
  chatEngagement: 0.5,
  likeEngagement: 0.25,
  newFollowers: 1,
  checkoutsStarted: 1,
  orders: 1,
  units: 2,
  revenue: [{ currency: "USD", cents: 2500 }],
};

describe("streamSummaryCards", () => {
  it("writes each figure of the summary with what goes with it", () => {
    const cards = Object.fromEntries(streamSummaryCards(SUMMARY).map((card) => [card.key, [card.value, card.hint ?? null]]));
    expect(cards).toEqual({
      peak: ["3", "Most watching at once"],
      average: ["2.4", "Over the time live"],
      unique: ["4", null],
      watch: ["6 min 00 s", "24 min watched in all"],
      chatters: ["2", "6 messages"],
      "chat-engagement": ["50%", "Chatters ÷ unique viewers"],
      "like-engagement": ["25%", "1 liker ÷ unique viewers"],
      followers: ["1", null],
      orders: ["1", "2 units · 1 checkout started"],
      revenue: ["$25.00", null],
    });
  });

  it("says a dash for engagement and revenue when there were no viewers and no sales", () => {
    const cards = streamSummaryCards({
      ...SUMMARY,
      uniqueViewers: 0,
      chatters: 0,
      likers: 0,
      chatEngagement: null,
      likeEngagement: null,
      chatMessages: 1,
      orders: 0,
      units: 1,
      checkoutsStarted: 0,
      revenue: [],
    });
    const value = (key: string) => cards.find((card) => card.key === key);
    expect(value("chat-engagement")?.value).toBe("—");
    expect(value("like-engagement")?.hint).toBe("0 likers ÷ unique viewers");
    expect(value("chatters")?.hint).toBe("1 message");
    expect(value("orders")?.hint).toBe("1 unit · 0 checkouts started");
    expect(value("revenue")?.value).toBe("—");
  });
});
