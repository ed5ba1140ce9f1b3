/** The most bytes one HTTP API request body may have (1 MiB). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** An image upload's body (a thumbnail, a product photo): the 5 MiB image the API accepts, plus the multipart envelope. */
export const MAX_UPLOAD_BODY_BYTES = 6 * 1024 * 1024;

/** Procedures whose one call (never a batch) may carry an upload. */
const UPLOAD_PROCEDURES = new Set(["studio.uploadThumbnail", "product.uploadImage"]);

/** The body limit of a request to /api/trpc/<procedures>: larger only for a single upload call. */
export function bodyLimitFor(pathname: string): number {
  return UPLOAD_PROCEDURES.has(pathname.replace(/^\/api\/trpc\//, "")) ? MAX_UPLOAD_BODY_BYTES : MAX_REQUEST_BODY_BYTES;
}

/**
 * Reads a request body, giving up (null) as soon as it passes `maxBytes`: a declared
 * Content-Length over the limit is refused without reading, a chunked body once it grows past it.
 */
export async function readBodyWithin(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The answer to a body over the limit: 413 with a JSON error a client can show. */
export function payloadTooLarge(maxBytes: number): Response {
  return Response.json(
    {
      error: {
        code: "PAYLOAD_TOO_LARGE",
        message: `The request body is larger than the ${Math.round(maxBytes / 1024)} KiB this API accepts.`,
      },
    },
    { status: 413 },
  );
}
