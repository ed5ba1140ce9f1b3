import type { Db } from "@onair/db";
import { z } from "zod";
import { AppError } from "../../errors";
import { authorizePublish, authorizeRead } from "./authorize-publish";

/**
 * The publish/play hook for external media servers (POST /api/ingest/auth in the web app):
 * MediaMTX's `authMethod: http` JSON body, or nginx-rtmp's `on_publish` (and SRS-like) form body.
 */

/** MediaMTX (authHTTPAddress): https://github.com/bluenviron/mediamtx#http-based */
export const mediaMtxAuthBody = z.object({
  user: z.string().max(256).optional(),
  password: z.string().max(256).optional(),
  token: z.string().max(1024).optional(),
  ip: z.string().max(64).optional(),
  action: z.string().max(32),
  path: z.string().max(256),
  protocol: z.string().max(32).optional(),
  id: z.string().max(64).nullish(),
  query: z.string().max(1024).optional(),
});

/** nginx-rtmp `on_publish`/`on_play` (application/x-www-form-urlencoded): `call`, `app`, `name`, and the URL's query arguments. */
export const nginxRtmpAuthBody = z.object({
  call: z.string().max(32).optional(),
  app: z.string().max(128),
  name: z.string().max(256),
  key: z.string().max(256).optional(),
});

export type ExternalAuthRequest =
  { kind: "mediamtx"; body: z.infer<typeof mediaMtxAuthBody> } | { kind: "nginx-rtmp"; body: z.infer<typeof nginxRtmpAuthBody> };

const LIVE_APP = "live";

/** Splits `live/<streamId>` (MediaMTX path); null for any other path. */
function streamIdOfPath(path: string): string | null {
  const match = /^\/?live\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  return match ? match[1]! : null;
}

/** Allows (resolves) or refuses (AppError FORBIDDEN/BAD_REQUEST with one sentence) an external server's publish or read. */
export async function authorizeExternalIngest({ db }: { db: Db }, request: ExternalAuthRequest): Promise<void> {
  if (request.kind === "mediamtx") {
    const { action, path, query, password } = request.body;
    const streamId = streamIdOfPath(path);
    if (!streamId) throw new AppError("FORBIDDEN", "Only live/<stream id> paths are served.");
    if (action === "publish") {
      // The key comes as `?key=<secret>` in the publish URL; an encoder that can only send a password may use that.
      const key = new URLSearchParams(query ?? "").get("key") ?? password ?? "";
      await authorizePublish({ db }, { streamId, key });
      return;
    }
    if (action === "read" || action === "playback") {
      await authorizeRead({ db }, { streamId });
      return;
    }
    throw new AppError("FORBIDDEN", "Only publishing and playing are allowed.");
  }
  const { call, app, name, key } = request.body;
  // nginx-rtmp sends the stream name without its query string; the key is a separate argument.
  if (app !== LIVE_APP) throw new AppError("FORBIDDEN", "Only the live application is served.");
  const streamId = streamIdOfPath(`${LIVE_APP}/${name}`);
  if (!streamId) throw new AppError("FORBIDDEN", "Only live/<stream id> paths are served.");
  if (call === undefined || call === "publish") {
    await authorizePublish({ db }, { streamId, key: key ?? "" });
    return;
  }
  if (call === "play") {
    await authorizeRead({ db }, { streamId });
    return;
  }
  throw new AppError("FORBIDDEN", "Only publishing and playing are allowed.");
}

/** Reads a hook request's body by its content type; null when it is neither form. */
export function parseExternalAuthRequest(contentType: string, body: string): ExternalAuthRequest | null {
  if (contentType.includes("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return null;
    }
    const parsed = mediaMtxAuthBody.safeParse(json);
    return parsed.success ? { kind: "mediamtx", body: parsed.data } : null;
  }
  if (contentType.includes("application/x-www-form-urlencoded")) {
    const parsed = nginxRtmpAuthBody.safeParse(Object.fromEntries(new URLSearchParams(body)));
    return parsed.success ? { kind: "nginx-rtmp", body: parsed.data } : null;
  }
  return null;
}
