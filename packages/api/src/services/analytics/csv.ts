import type { Db } from "@onair/db";
import type { SessionUser } from "../account/session-user";
import { decimalAmount } from "../shop/checkout/money";
import { csvCell } from "../shop/orders/csv";
import type { Limits } from "../limits/limits";
import { streamAccess } from "../moderation/permissions";
import { streamIdSchema } from "../shared/ids";
import { AppError } from "../../errors";
import { inputProblem } from "../../input-limits";
import { assertAnalyticsReader } from "./access";
import { seriesMinutes, streamAnalytics } from "./stream-analytics";
import type { StreamAnalyticsView } from "./types";

const PAGE_MINUTES = 1_440;

export const ANALYTICS_CSV_COLUMNS = [
  "minute",
  "viewers avg",
  "viewers max",
  "unique viewers",
  "watch seconds",
  "messages",
  "chatters",
  "likes",
  "follows",
  "checkouts started",
  "orders",
  "units",
  "revenue",
] as const;

const line = (cells: string[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** The summary as `label,value` lines (the CSV's header block, before the per-minute table). */
function summaryLines(view: StreamAnalyticsView): string {
  const { stream, summary } = view;
  const rows: Array<[string, string]> = [
    ["stream", stream.title],
    ["slug", stream.slug],
    ["status", stream.status],
    ["started", stream.startedAt?.toISOString() ?? ""],
    ["ended", stream.endedAt?.toISOString() ?? ""],
    ["duration seconds", String(summary.durationSeconds ?? "")],
    ["peak viewers", String(summary.peakViewers)],
    ["average viewers", summary.averageViewers.toFixed(2)],
    ["unique viewers", String(summary.uniqueViewers)],
    ["watch seconds", String(summary.watchSeconds)],
    ["average watch seconds", summary.averageWatchSeconds.toFixed(1)],
    ["chat messages", String(summary.chatMessages)],
    ["chatters", String(summary.chatters)],
    ["likers", String(summary.likers)],
    ["chat engagement", summary.chatEngagement === null ? "" : summary.chatEngagement.toFixed(4)],
    ["like engagement", summary.likeEngagement === null ? "" : summary.likeEngagement.toFixed(4)],
    ["new followers", String(summary.newFollowers)],
    ["checkouts started", String(summary.checkoutsStarted)],
    ["orders", String(summary.orders)],
    ["units", String(summary.units)],
    ...summary.revenue.map((money): [string, string] => [`revenue ${money.currency}`, decimalAmount(money.cents, money.currency)]),
  ];
  return rows.map(([label, value]) => line([label, value])).join("");
}

/**
 * GET /api/analytics/<streamId>.csv: the summary (label,value lines), a blank
 * line, then every collected minute (oldest first, read a day at a time so a
 * long stream never sits in memory). Revenue is in the series' currency.
 * Same access as stream.analytics (and counted against the same allowance).
 */
export async function streamAnalyticsCsv(
  deps: { db: Db; actor: SessionUser | null; limits: Limits },
  streamId: string,
): Promise<{ body: ReadableStream<Uint8Array>; filename: string }> {
  const { db, actor, limits } = deps;
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in to do this.");
  // The same guard every procedure's input passes (NUL bytes, lone surrogates), then the id's schema.
  const problem = inputProblem({ streamId });
  if (problem) throw new AppError("BAD_REQUEST", problem);
  const id = streamIdSchema.safeParse(streamId);
  if (!id.success) throw new AppError("BAD_REQUEST", "streamId: give the stream's id, as in /api/analytics/<streamId>.csv.");
  const { stream, role, userRole } = await streamAccess(db, actor, id.data);
  await assertAnalyticsReader(db, stream, actor, role);
  const view = await streamAnalytics({ db, stream, actor: { ...actor, role: userRole }, limits }, { streamId: stream.id });
  const currency = view.seriesCurrency;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode(summaryLines(view)));
        const columns = ANALYTICS_CSV_COLUMNS.map((column) => (column === "revenue" && currency ? `revenue ${currency}` : column));
        controller.enqueue(encoder.encode(`\r\n${line(columns)}`));
        let from: Date | null = null;
        for (;;) {
          const rows = await seriesMinutes(db, stream.id, { from, to: null, currency, limit: PAGE_MINUTES, oldestFirst: true });
          for (const row of rows) {
            const cells = [
              row.minute.toISOString(),
              row.viewersAvg.toFixed(2),
              String(row.viewersMax),
              String(row.uniqueViewers),
              String(row.watchSeconds),
              String(row.messages),
              String(row.chatters),
              String(row.likes),
              String(row.follows),
              String(row.checkoutsStarted),
              String(row.orders),
              String(row.units),
              currency ? decimalAmount(row.revenueCents, currency) : "0",
            ];
            controller.enqueue(encoder.encode(line(cells)));
          }
          if (rows.length < PAGE_MINUTES) break;
          from = new Date(rows.at(-1)!.minute.getTime() + 60_000);
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return { body, filename: `analytics-${view.stream.slug}.csv` };
}
