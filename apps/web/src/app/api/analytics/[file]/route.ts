import { streamAnalyticsCsv, toTRPCError } from "@onair/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createContext } from "~/server/services";

/**
 * GET /api/analytics/<streamId>.csv — a stream's analytics as CSV (the summary,
 * then every collected minute) for whoever may read them (stream.analytics:
 * the owner, admins, the stream's moderators if the owner allows). Signed in by
 * session cookie or `Authorization: Bearer <API token>`.
 */
export async function GET(req: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const ctx = await createContext({ headers: req.headers });
  try {
    if (!file.endsWith(".csv")) {
      return Response.json(
        { error: { code: "NOT_FOUND", message: "Ask for /api/analytics/<streamId>.csv." } },
        { status: 404, headers: { "cache-control": "no-store" } },
      );
    }
    const download = await streamAnalyticsCsv(ctx.deps, file.slice(0, -".csv".length));
    return new Response(download.body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${download.filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (caught) {
    const error = toTRPCError(caught);
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      return Response.json({ error: { code: error.code, message: error.message } }, { status: getHTTPStatusCodeFromError(error) });
    }
    throw caught;
  }
}
