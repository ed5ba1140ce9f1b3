import {
  DEFAULT_WS_PORT,
  originList,
  parseEnvOrExit,
  port,
  pushEnvSchema,
  sharedEnv,
  shopEnvSchema,
  stripeConfigProblem,
  vapidConfigProblem,
} from "@onair/api/config";
import { z } from "zod";

/** The WebSocket server's variables: the shared ones from @onair/api/config, and its own. */
const shape = {
  DATABASE_URL: sharedEnv.DATABASE_URL,
  REDIS_URL: sharedEnv.REDIS_URL,
  REDIS_KEY_PREFIX: sharedEnv.REDIS_KEY_PREFIX,
  /** A client whose unsent data exceeds this is disconnected (it resumes by lastEventId when it returns). */
  WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(16_384).default(1_048_576),
  /** Names this instance in viewer sessions and its heartbeat (unique per running process; random when unset). */
  WS_INSTANCE_ID: z.string().min(1).max(64).optional(),
  AUTH_SECRET: sharedEnv.AUTH_SECRET,
  /** 0: any free port. */
  WS_PORT: port(DEFAULT_WS_PORT, { allowZero: true }),
  WS_HOST: z.string().default("0.0.0.0"),
  /**
   * The web app's public URL (the same variable next-auth reads): the session
   * cookie signs a browser WebSocket in only when its Origin is this URL's origin
   * (or one of WS_ALLOWED_ORIGINS). Unset: only WS_ALLOWED_ORIGINS.
   */
  NEXTAUTH_URL: sharedEnv.NEXTAUTH_URL,
  // The studio's procedures over the WebSocket (createServices' media deps): stored media, Agora tokens, the RTMP address.
  MEDIA_DIR: sharedEnv.MEDIA_DIR,
  RTMP_PUBLIC_URL: sharedEnv.RTMP_PUBLIC_URL,
  RTMP_PORT: sharedEnv.RTMP_PORT,
  AGORA_APP_ID: sharedEnv.AGORA_APP_ID,
  AGORA_APP_CERTIFICATE: sharedEnv.AGORA_APP_CERTIFICATE,
  /**
   * More browser origins whose session cookie signs a WebSocket in (comma-separated,
   * e.g. "https://onair.example,https://www.onair.example"). Empty: only NEXTAUTH_URL's.
   * Any other origin still connects, as an anonymous viewer or with an API token.
   */
  WS_ALLOWED_ORIGINS: originList("cannot be * while session cookies sign WebSockets in: list the web app's origins"),
  /** How often open connections' sessions, tokens, bans and roles are re-checked (one query for all). */
  WS_SESSION_CHECK_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** Largest WebSocket frame a client may send; a bigger one closes the connection (1009). */
  WS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1_024).max(104_857_600).default(131_072),
  /** Subscriptions one connection may hold at once; past it, TOO_MANY_REQUESTS. */
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(100_000).default(50),
  WS_SHUTDOWN_GRACE_MS: sharedEnv.WS_SHUTDOWN_GRACE_MS,
  /** Open WebSockets one IP address may hold on this instance. */
  WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  /** "1": take client addresses from X-Forwarded-For (set it only behind a load balancer that sets that header). */
  WS_TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((value) => value === "1" || value === "true"),
  /** "1" (default): this process also runs the background job workers (the stream monitor); "0": it only serves WebSockets. */
  JOBS_WORKER: z
    .enum(["0", "1"])
    .default("1")
    .transform((value) => value === "1"),
  STREAM_SILENCE_END_SECONDS: sharedEnv.STREAM_SILENCE_END_SECONDS,
  MONITOR_INTERVAL_SECONDS: sharedEnv.MONITOR_INTERVAL_SECONDS,
  CHAT_USER_RATE_LIMIT: sharedEnv.CHAT_USER_RATE_LIMIT,
  CHAT_IP_RATE_LIMIT: sharedEnv.CHAT_IP_RATE_LIMIT,
  SIGN_UP_IP_RATE_LIMIT: sharedEnv.SIGN_UP_IP_RATE_LIMIT,
  SHOP_CHECKOUT_USER_RATE_LIMIT: sharedEnv.SHOP_CHECKOUT_USER_RATE_LIMIT,
  // Live shopping: hold length and Stripe (all three keys, or none).
  ...shopEnvSchema,
  // Web push: VAPID keys (both or neither) and extra allowed push endpoints.
  ...pushEnvSchema,
};

export type WsEnv = z.infer<z.ZodObject<typeof shape>>;

/** Validates the environment once; a bad variable stops start-up with one line naming it. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): WsEnv {
  const env = parseEnvOrExit(shape, source, "[ws]");
  const stripeProblem = stripeConfigProblem(env);
  if (stripeProblem) {
    console.error(`[ws] invalid configuration: ${stripeProblem}`);
    process.exit(1);
  }
  const vapidProblem = vapidConfigProblem(env);
  if (vapidProblem) {
    console.error(`[ws] invalid configuration: ${vapidProblem}`);
    process.exit(1);
  }
  return env;
}
