import { originList, parseEnvOrExit, sharedEnv } from "@onair/api/config";
import { z } from "zod";

/** The media server's variables: the shared ones from @onair/api/config, and its own. */
const shape = {
  DATABASE_URL: sharedEnv.DATABASE_URL,
  REDIS_URL: sharedEnv.REDIS_URL,
  REDIS_KEY_PREFIX: sharedEnv.REDIS_KEY_PREFIX,
  /** Signs the studio's preview links (the same secret as the web app's). */
  AUTH_SECRET: sharedEnv.AUTH_SECRET,
  /** The web app's public URL: its origin may play live video and recordings from the browser (CORS). */
  NEXTAUTH_URL: sharedEnv.NEXTAUTH_URL,
  /** More browser origins allowed to play (comma-separated, e.g. "https://onair.example,https://www.onair.example"). */
  MEDIA_ALLOWED_ORIGINS: originList("cannot be *: list the web app's origins"),
  MEDIA_DIR: sharedEnv.MEDIA_DIR,
  MEDIA_HTTP_PORT: sharedEnv.MEDIA_HTTP_PORT,
  /** Where the HTTP server listens (live video, recordings). */
  MEDIA_HTTP_HOST: z.string().default("0.0.0.0"),
  RTMP_PORT: sharedEnv.RTMP_PORT,
  /** Where the RTMP ingest listens (encoders publish here). */
  RTMP_HOST: z.string().default("0.0.0.0"),
  /**
   * The internal HTTP-FLV port of the RTMP engine, on 127.0.0.1 only (it also accepts publishing, so it is never
   * exposed; the media HTTP server proxies allowed viewers to it). 0: any free port.
   */
  MEDIA_INTERNAL_FLV_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** The ffmpeg binary that remuxes recordings to MP4; default `ffmpeg` on PATH. Without one, nothing is recorded. */
  FFMPEG_PATH: z.string().min(1).optional(),
};

export type MediaEnv = z.infer<z.ZodObject<typeof shape>>;

/** Validates the environment once; a bad variable stops start-up with one line naming it. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): MediaEnv {
  return parseEnvOrExit(shape, source, "[media]");
}
