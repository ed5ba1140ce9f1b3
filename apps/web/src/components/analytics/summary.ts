import { formatAverage, formatCount, formatDuration, formatPercent, formatRevenue, formatWatchTime } from "./format";
import type { StreamAnalyticsSummary } from "./types";

export interface SummaryCard {
  key: string;
  label: string;
  value: string;
  /** How the figure is made, or what goes with it. */
  hint?: string;
}

/** The stream summary's cards, in the order the anchors show them (Twitch's stream summary, YouTube's live analytics). */
export function streamSummaryCards(summary: StreamAnalyticsSummary): SummaryCard[] {
  return [
    { key: "peak", label: "Peak viewers", value: formatCount(summary.peakViewers), hint: "Most watching at once" },
    { key: "average", label: "Average viewers", value: formatAverage(summary.averageViewers), hint: "Over the time live" },
    { key: "unique", label: "Unique viewers", value: formatCount(summary.uniqueViewers) },
    {
      key: "watch",
      label: "Average watch time",
      value: formatDuration(summary.averageWatchSeconds),
      hint: `${formatWatchTime(summary.watchSeconds)} watched in all`,
    },
    {
      key: "chatters",
      label: "Chatters",
      value: formatCount(summary.chatters),
      hint: `${formatCount(summary.chatMessages)} ${summary.chatMessages === 1 ? "message" : "messages"}`,
    },
    {
      key: "chat-engagement",
      label: "Chat engagement",
      value: formatPercent(summary.chatEngagement),
      hint: "Chatters ÷ unique viewers",
    },
    {
      key: "like-engagement",
      label: "Like engagement",
      value: formatPercent(summary.likeEngagement),
      hint: `${formatCount(summary.likers)} ${summary.likers === 1 ? "liker" : "likers"} ÷ unique viewers`,
    },
    { key: "followers", label: "New followers", value: formatCount(summary.newFollowers) },
    {
      key: "orders",
      label: "Orders",
      value: formatCount(summary.orders),
      hint: `${formatCount(summary.units)} ${summary.units === 1 ? "unit" : "units"} · ${formatCount(summary.checkoutsStarted)} ${summary.checkoutsStarted === 1 ? "checkout" : "checkouts"} started`,
    },
    { key: "revenue", label: "Revenue", value: formatRevenue(summary.revenue) },
  ];
}
