/** What the server accepts (it checks the bytes again): JPEG, PNG or WebP up to 5 MiB. */
export const THUMBNAIL_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024;

/** Why this file cannot be a thumbnail, or null when it can be sent. */
export function thumbnailFileProblem(file: { type: string; size: number }): string | null {
  if (!(THUMBNAIL_TYPES as readonly string[]).includes(file.type)) return "A thumbnail is a JPEG, PNG or WebP image.";
  if (file.size > THUMBNAIL_MAX_BYTES) return `This image is ${(file.size / 1024 / 1024).toFixed(1)} MB; a thumbnail can be at most 5 MB.`;
  if (file.size === 0) return "This file is empty.";
  return null;
}
