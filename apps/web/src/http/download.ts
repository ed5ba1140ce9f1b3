import { toTRPCError } from "@onair/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

/** A file the export routes stream to the browser (CSV, JSON), never cached. */
export function downloadResponse(download: { body: ReadableStream<Uint8Array>; filename: string; contentType?: string }): Response {
  return new Response(download.body, {
    headers: {
      "content-type": download.contentType ?? "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${download.filename}"`,
      "cache-control": "no-store",
    },
  });
}

/**
 * An export route's refusal (UNAUTHORIZED, FORBIDDEN, NOT_FOUND, BAD_REQUEST…) as the
 * API's JSON error with its HTTP status; anything else is rethrown, so Next answers
 * 500 without internals and logs it.
 */
export function downloadErrorResponse(caught: unknown): Response {
  const error = toTRPCError(caught);
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
    return Response.json({ error: { code: error.code, message: error.message } }, { status: getHTTPStatusCodeFromError(error) });
  }
  throw caught;
}
