import { randomBytes } from "node:crypto";

/** A new ingest key: 32 random bytes, base64url (43 characters). The secret part of an RTMP publish URL. */
export function newIngestKey(): string {
  return randomBytes(32).toString("base64url");
}
