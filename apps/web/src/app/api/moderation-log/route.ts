import { createCaller, exportModerationLog } from "@onair/api";
import { downloadErrorResponse, downloadResponse } from "~/http/download";
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
    return downloadResponse(download);
  } catch (caught) {
    return downloadErrorResponse(caught);
  }
}
