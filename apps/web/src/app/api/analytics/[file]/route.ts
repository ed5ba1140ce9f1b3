import { streamAnalyticsCsv } from "@onair/api";
import { downloadErrorResponse, downloadResponse } from "~/http/download";
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
    return downloadResponse(download);
  } catch (caught) {
    return downloadErrorResponse(caught);
  }
}
