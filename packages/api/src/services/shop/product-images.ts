import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";
import { imageBytes, MAX_THUMBNAIL_PIXELS } from "../studio/thumbnail";
import { productImageUrl } from "./shelf-view";

export const PRODUCT_IMAGE_SIZE = 1200;

/**
 * The storage key (under `products/`) of an upload: the uploader's id, then
 * randomness. The id prefix is how product.create and product.update know the
 * keys they are given are the caller's own uploads.
 */
export function productImageKey(userId: string): string {
  return `${userId.toLowerCase()}-${randomBytes(8).toString("hex")}.webp`;
}

const KEY_SHAPE = /^[a-z0-9_-]{1,64}-[0-9a-f]{16}\.webp$/;

/** Every key must be one the caller uploaded (product.uploadImage) and still stored. */
export async function assertOwnImageKeys(deps: Pick<SignedInDeps, "actor" | "storage">, keys: string[]): Promise<void> {
  const prefix = `${deps.actor.id.toLowerCase()}-`;
  for (const key of keys) {
    if (!KEY_SHAPE.test(key) || !key.startsWith(prefix) || (await deps.storage.size(`products/${key}`)) === null) {
      throw new AppError("BAD_REQUEST", "Upload images with product.uploadImage first: one of the images is not an upload of yours.");
    }
  }
}

/**
 * A product photo: sniffed, size- and pixel-capped like a thumbnail
 * (studio/thumbnail.ts), turned upright, shrunk to fit 1200×1200 (never
 * enlarged, never cropped) and stored as WebP at `products/<key>`.
 */
export async function uploadProductImage(
  deps: Pick<SignedInDeps, "actor" | "storage">,
  form: FormData,
): Promise<{ key: string; url: string }> {
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new AppError("BAD_REQUEST", "Choose an image file to upload (form field file).");
  const bytes = await imageBytes(file, "image");
  let webp: Buffer;
  try {
    webp = await sharp(bytes, { limitInputPixels: MAX_THUMBNAIL_PIXELS, failOn: "error" })
      .rotate()
      .resize(PRODUCT_IMAGE_SIZE, PRODUCT_IMAGE_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer();
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new AppError("BAD_REQUEST", "The image has too many pixels: at most 40 megapixels.");
    }
    throw new AppError("BAD_REQUEST", "The image could not be read: the file may be damaged.");
  }
  const key = productImageKey(deps.actor.id);
  await deps.storage.put(`products/${key}`, webp);
  return { key, url: productImageUrl(key) };
}
