import { createHmac } from "node:crypto";

/**
 * A minimal stand-in for services/ingest/preview-token.ts (owned by the media
 * server's work; the lead replaces this import with it at merge): a token that
 * lets the owner's studio watch an encoder's feed before the stream goes live.
 * `<expiresAtMs>.<base64url HMAC-SHA256(secret, "preview:<streamId>:<expiresAtMs>")>`, valid 10 minutes.
 */
export const PREVIEW_TOKEN_TTL_MS = 10 * 60_000;

export function previewToken(secret: string, streamId: string, now: number = Date.now()): string {
  const expiresAtMs = now + PREVIEW_TOKEN_TTL_MS;
  const signature = createHmac("sha256", secret).update(`preview:${streamId}:${expiresAtMs}`).digest("base64url");
  return `${expiresAtMs}.${signature}`;
}
