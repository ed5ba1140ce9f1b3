import { createCaller, exportModerationLog, toTRPCError } from "@onair/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createContext } from "~/server/services";

/**
 * GET /api/moderation-log?streamId=…&format=csv|json[&action=USER_BAN&action=…][&from=ISO][&to=ISO][&actorId=…][&targetUserId=…][&automatic=true|false]
 * Downloads a stream's whole audit log (oldest first) for its moderators.
 * Signed in by session cookie or `Authorization: Bearer <API token>`.
 */
export async function GET(req: Request) {
  const ctx = await createContext({ headers: req.headers });
  const url = new URL(req.url);
  try {
    // The same permission check as the tRPC procedures (UNAUTHORIZED / FORBIDDEN / NOT_FOUND).
    const { stream } = await createCaller(ctx).moderation.access({ streamId: url.searchParams.get("streamId") ?? "" });
    const download = exportModerationLog(ctx.db, stream.id, url.searchParams);
    return new Response(download.body, {
      headers: {
        "content-type": download.contentType,
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
