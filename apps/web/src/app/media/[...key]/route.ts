import { mediaStorage } from "~/server/services";
import { thumbnailResponse } from "../thumbnail-response";

/** GET /media/thumbnails/<file>.webp (a stream's thumbnail) and /media/products/<file>.webp (a product image) from MediaStorage (MEDIA_DIR). */
export async function GET(_req: Request, { params }: { params: Promise<{ key: string[] }> }) {
  return thumbnailResponse(mediaStorage(), (await params).key.join("/"));
}
