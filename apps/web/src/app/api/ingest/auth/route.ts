import { AppError } from "@onair/api";
import { authorizeExternalIngest, parseExternalAuthRequest } from "@onair/api/ingest";
import { db } from "~/server/services";

/** Hook bodies are a few hundred bytes; anything much larger is not one. */
const MAX_BODY_BYTES = 16_384;

async function readBody(req: Request): Promise<string | null> {
  if (!req.body) return "";
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * POST /api/ingest/auth: the publish/play hook for an external media server in front of OnAir (docs/media-servers.md).
 * MediaMTX (`authMethod: http`) posts JSON; nginx-rtmp's `on_publish`/`on_play` post a form. 200 allows; 403 refuses
 * with one sentence; 400 is a body that is neither.
 */
export async function POST(req: Request) {
  const body = await readBody(req);
  const request = body === null ? null : parseExternalAuthRequest(req.headers.get("content-type") ?? "", body);
  if (!request) {
    return Response.json(
      { error: "Expected a MediaMTX JSON body or an nginx-rtmp form body." },
      { status: 400, headers: { "cache-control": "no-store" } },
    );
  }
  try {
    await authorizeExternalIngest({ db: db() }, request);
    return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return Response.json({ error: error.message }, { status: 403, headers: { "cache-control": "no-store" } });
  }
}
