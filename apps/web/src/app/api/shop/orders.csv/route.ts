import { createCaller, exportOrdersCsv, toTRPCError } from "@onair/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
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
