import { createHash } from "node:crypto";

/** What the service worker receives (apps/web/public/sw.js shows it): at most PUSH_PAYLOAD_MAX_BYTES as JSON. */
export interface PushPayload {
  title: string;
  body: string;
  /** An app path to open on click. */
  url: string;
  /** Pushes with the same tag replace each other on the device. */
  tag: string;
}

/** Push services accept about 4 KB of encrypted payload; the JSON stays under 3 KB. */
export const PUSH_PAYLOAD_MAX_BYTES = 3_072;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The payload, each field cut to its share so the JSON fits PUSH_PAYLOAD_MAX_BYTES. */
export function pushPayload(input: PushPayload): PushPayload {
  return { title: cut(input.title, 120), body: cut(input.body, 400), url: cut(input.url, 500), tag: cut(input.tag, 120) };
}

/**
 * A job id (a UUID, as pg-boss wants) derived from what the job is for: sending
 * the same work twice (a retried producer) inserts it once.
 */
export function jobIdFor(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
