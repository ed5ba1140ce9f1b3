import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a studio preview link plays the encoder's feed before the stream is live. */
export const PREVIEW_TOKEN_TTL_MS = 10 * 60 * 1000;

function signature(authSecret: string, streamId: string, expiresAtMs: number): Buffer {
  return createHmac("sha256", authSecret).update(`preview:${streamId}:${expiresAtMs}`).digest();
}

/** A token that lets the owner's studio play `/live/<streamId>.flv` before the stream goes live: `<expiresAtMs>.<base64url signature>`. */
export function previewToken(authSecret: string, streamId: string, now: number = Date.now()): string {
  const expiresAtMs = now + PREVIEW_TOKEN_TTL_MS;
  return `${expiresAtMs}.${signature(authSecret, streamId, expiresAtMs).toString("base64url")}`;
}

/** Whether `token` was made by previewToken for this stream and has not expired. */
export function verifyPreviewToken(authSecret: string, streamId: string, token: string, now: number = Date.now()): boolean {
  const match = /^(\d{13,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return false;
  const expiresAtMs = Number(match[1]);
  if (expiresAtMs <= now || expiresAtMs > now + PREVIEW_TOKEN_TTL_MS) return false;
  const given = Buffer.from(match[2]!, "base64url");
  const expected = signature(authSecret, streamId, expiresAtMs);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
