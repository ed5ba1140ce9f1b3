import { Readable } from "node:stream";
import type { MediaStorage } from "@onair/api/storage";

/**
 * Thumbnails and product images only; keys are random per upload (`thumbnails/<streamId>-<random>.webp`,
 * `products/<userId>-<random>.webp`), so a stored file never changes.
 */
const THUMBNAIL_KEY = /^(thumbnails|products)\/[a-z0-9_-]{1,100}\.webp$/;

/** The answer to GET /media/<key>: the stored thumbnail, cached for a year by browsers and proxies; anything else 404. */
export async function thumbnailResponse(storage: MediaStorage, key: string): Promise<Response> {
  if (!THUMBNAIL_KEY.test(key)) return notFound();
  const size = await storage.size(key);
  const body = size === null ? null : await storage.read(key);
  if (size === null || body === null) return notFound();
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "image/webp",
      "content-length": String(size),
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}

function notFound(): Response {
  return new Response("Not found.", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}
