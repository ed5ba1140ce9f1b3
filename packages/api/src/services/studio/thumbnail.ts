import { randomBytes } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";
import { lockStreamRow } from "../shared/locks";
import { thumbnailUrlOf } from "../stream/playback";

/** The largest upload accepted (checked before the bytes are decoded). */
export const MAX_THUMBNAIL_BYTES = 5 * 1024 * 1024;
/** Decoding stops past this many pixels (a small file can claim a huge image: a decompression bomb). */
export const MAX_THUMBNAIL_PIXELS = 40_000_000;
export const THUMBNAIL_WIDTH = 1280;
export const THUMBNAIL_HEIGHT = 720;

const ACCEPTED_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
export const NOT_AN_IMAGE = "Thumbnails must be JPEG, PNG or WebP images.";

type ThumbnailDeps = Pick<StreamDeps, "db" | "stream" | "storage">;

/**
 * An uploaded image's bytes, checked before anything decodes them: at most
 * 5 MiB, not empty, and JPEG, PNG or WebP by their content (not the name or
 * declared type). Shared by thumbnails and product images (shop/product-images.ts).
 */
export async function imageBytes(file: Blob, what = "thumbnail"): Promise<Uint8Array> {
  if (file.size > MAX_THUMBNAIL_BYTES) throw new AppError("BAD_REQUEST", `The ${what} is larger than 5 MiB.`);
  if (file.size === 0) throw new AppError("BAD_REQUEST", `The ${what} file is empty.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ACCEPTED_TYPES.has(type.mime)) {
    throw new AppError("BAD_REQUEST", what === "thumbnail" ? NOT_AN_IMAGE : "Images must be JPEG, PNG or WebP.");
  }
  return bytes;
}

/**
 * The uploaded image as a 1280×720 WebP: its type sniffed from its bytes (not its
 * name or declared type), at most 5 MiB and 40 megapixels, turned upright by its
 * EXIF orientation, cropped to 16:9 around its most interesting part.
 */
export async function thumbnailWebp(file: Blob): Promise<Buffer> {
  const bytes = await imageBytes(file);
  try {
    return await sharp(bytes, { limitInputPixels: MAX_THUMBNAIL_PIXELS, failOn: "error" })
      .rotate()
      .resize(THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT, { fit: "cover", position: "attention" })
      .webp({ quality: 80 })
      .toBuffer();
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new AppError("BAD_REQUEST", "The image has too many pixels: at most 40 megapixels.");
    }
    throw new AppError("BAD_REQUEST", "The image could not be read: the file may be damaged.");
  }
}

/** Replaces the stream's thumbnail (the old file is deleted). Keys are random per upload, so browsers may cache them forever. */
export async function uploadThumbnail(deps: ThumbnailDeps, form: FormData): Promise<{ thumbnailUrl: string }> {
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new AppError("BAD_REQUEST", "Choose an image file to upload (form field file).");
  const webp = await thumbnailWebp(file);
  const key = `thumbnails/${deps.stream.id.toLowerCase()}-${randomBytes(8).toString("hex")}.webp`;
  await deps.storage.put(key, webp);
  let previous: string | null;
  try {
    previous = await replaceThumbnailKey(deps, key);
  } catch (error) {
    await deps.storage.delete(key);
    throw error;
  }
  if (previous) await deps.storage.delete(previous);
  return { thumbnailUrl: thumbnailUrlOf(key)! };
}

/** Removes the stream's thumbnail, if it has one. */
export async function removeThumbnail(deps: ThumbnailDeps): Promise<{ thumbnailUrl: null }> {
  const previous = await replaceThumbnailKey(deps, null);
  if (previous) await deps.storage.delete(previous);
  return { thumbnailUrl: null };
}

/** Sets the stream's thumbnail key and returns the one it replaced (row-locked: concurrent uploads never orphan a file). */
async function replaceThumbnailKey(deps: Pick<StreamDeps, "db" | "stream">, key: string | null): Promise<string | null> {
  return deps.db.$transaction(async (tx) => {
    await lockStreamRow(tx, deps.stream.id);
    const { thumbnailKey } = await tx.liveStream.findUniqueOrThrow({ where: { id: deps.stream.id }, select: { thumbnailKey: true } });
    await tx.liveStream.update({ where: { id: deps.stream.id }, data: { thumbnailKey: key } });
    return thumbnailKey;
  });
}
