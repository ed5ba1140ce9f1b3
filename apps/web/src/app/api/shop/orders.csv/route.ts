import { createCaller, exportOrdersCsv } from "@onair/api";
import { downloadErrorResponse, downloadResponse } from "~/http/download";
import { createContext } from "~/server/services";

/**
 * GET /api/shop/orders.csv?streamId=… — a stream's orders as CSV (oldest
 * first) for whoever manages its shop. Signed in by session cookie or
 * `Authorization: Bearer <API token>`.
 */
export async function GET(req: Request) {
  const ctx = await createContext({ headers: req.headers });
  const url = new URL(req.url);
  try {
    const streamId = url.searchParams.get("streamId") ?? "";
    // The same permission check as orders.forStream (UNAUTHORIZED / FORBIDDEN / NOT_FOUND).
    await createCaller(ctx).orders.forStream({ streamId });
    const download = exportOrdersCsv(ctx.db, streamId);
    return downloadResponse(download);
  } catch (caught) {
    return downloadErrorResponse(caught);
  }
}
