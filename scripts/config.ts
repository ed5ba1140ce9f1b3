import { parseEnvOrExit, port, pushEnvSchema, sharedEnv } from "@onair/api/config";
import type { z } from "zod";

/** The start script's variables: the shared ones from @onair/api/config, and its own. */
const shape = {
  /** External PostgreSQL; unset runs an embedded one with its data in .data/postgres. */
  DATABASE_URL: sharedEnv.DATABASE_URL.regex(/^postgres(ql)?:\/\/.+\/.+/, "must be a postgres:// URL that names a database").optional(),
  /** External Redis for cross-instance events (used from the Redis bus on). */
  REDIS_URL: sharedEnv.REDIS_URL,
  /** Unset: a secret generated once and kept in .data/auth-secret. */
  AUTH_SECRET: sharedEnv.AUTH_SECRET.optional(),
  WEB_PORT: sharedEnv.WEB_PORT,
  WS_PORT: sharedEnv.WS_PORT,
  EMBEDDED_PG_PORT: port(54329),
  /** The address people open in the browser, for next-auth callbacks. */
  NEXTAUTH_URL: sharedEnv.NEXTAUTH_URL,
  WS_PUBLIC_URL: sharedEnv.WS_PUBLIC_URL,
  /** "1": the web app takes client addresses from X-Forwarded-For (only behind a proxy that sets it). */
  WEB_TRUST_PROXY: sharedEnv.WEB_TRUST_PROXY,
  /** Where thumbnails and recordings live; default .data/media in the checkout. */
  MEDIA_DIR: sharedEnv.MEDIA_DIR.optional(),
  MEDIA_HTTP_PORT: sharedEnv.MEDIA_HTTP_PORT,
  RTMP_PORT: sharedEnv.RTMP_PORT,
  /** Read to give the WebSocket server that long to drain before it is killed. */
  WS_SHUTDOWN_GRACE_MS: sharedEnv.WS_SHUTDOWN_GRACE_MS,
  /** Web push keys; both unset: a pair generated once and kept in .data/vapid.json. */
  VAPID_PUBLIC_KEY: pushEnvSchema.VAPID_PUBLIC_KEY,
  VAPID_PRIVATE_KEY: pushEnvSchema.VAPID_PRIVATE_KEY,
};

export type StartConfig = z.infer<z.ZodObject<typeof shape>>;

/** Validates the start-up environment; a bad variable stops with one line naming it. */
export function loadStartConfig(source: NodeJS.ProcessEnv = process.env): StartConfig {
  return parseEnvOrExit(shape, source, "onair:");
}
