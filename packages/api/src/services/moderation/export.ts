import type { DbOrTx } from "@onair/db";
import { z } from "zod";
import { AppError } from "../../errors";
import { allLogEntries, CSV_COLUMNS, logEntryToCsvRow, type LogFilter } from "./audit";
import { MODERATION_ACTIONS } from "../shared/lists";

const exportQuery = z.object({
  format: z.enum(["csv", "json"], "format must be csv or json.").default("csv"),
  actions: z.array(z.enum(MODERATION_ACTIONS, "action must be a moderation action such as USER_BAN.")).optional(),
  from: z.coerce.date("from must be a date (ISO 8601).").optional(),
  to: z.coerce.date("to must be a date (ISO 8601).").optional(),
  actorId: z.string().min(1).max(64, "actorId is too long.").optional(),
  targetUserId: z.string().min(1).max(64, "targetUserId is too long.").optional(),
  automatic: z
    .enum(["true", "false"], "automatic must be true or false.")
    .transform((value) => value === "true")
    .optional(),
});

/**
 * A stream's audit log as a download (CSV or JSON, oldest first), streamed page
 * by page so a long log never sits in memory. Bad parameters: BAD_REQUEST.
 */
export function exportModerationLog(db: DbOrTx, streamId: string, params: URLSearchParams) {
  const parsed = exportQuery.safeParse({
    format: params.get("format") ?? undefined,
    actions: params.getAll("action").length ? params.getAll("action") : undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    actorId: params.get("actorId") ?? undefined,
    targetUserId: params.get("targetUserId") ?? undefined,
    automatic: params.get("automatic") ?? undefined,
  });
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues.map((issue) => issue.message).join("; "));
  const { format, ...filter } = parsed.data;
  const entries = allLogEntries(db, { streamId, ...filter } satisfies LogFilter);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        if (format === "csv") {
          controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
          for await (const entry of entries) controller.enqueue(encoder.encode(logEntryToCsvRow(entry)));
        } else {
          controller.enqueue(encoder.encode("["));
          let first = true;
          for await (const entry of entries) {
            controller.enqueue(encoder.encode(`${first ? "" : ","}\n${JSON.stringify(entry)}`));
            first = false;
          }
          controller.enqueue(encoder.encode("\n]\n"));
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return {
    body,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    filename: `moderation-log-${streamId}.${format}`,
  };
}
