/**
 * OnAir's configuration: the zod schema of every variable that more than one
 * process reads, written once with its default, and the one parser every
 * process uses (apps/web/src/env.ts, apps/ws/src/env.ts, scripts/config.ts).
 * Each process picks the variables it reads; a bad one stops it with one line
 * naming the variable. This module imports only zod, so a start script or a
 * build step can read it without loading the API.
 *
 * Limit variables (`<count>/<seconds>`) stay optional here: unset means the
 * default of the service that counts them (DEFAULT_CHAT_LIMITS,
 * DEFAULT_SIGN_UP_LIMIT, @onair/auth's DEFAULT_SIGN_IN_LIMITS), applied in one
 * place each (`limitsConfigFromEnv`, `signInLimitsFromEnv`).
 */
import { z } from "zod";

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** A port number with its default; `allowZero` lets a process ask the OS for a free port. */
export function port(fallback: number, options: { allowZero?: boolean } = {}) {
  return z.coerce
    .number()
    .int()
    .min(options.allowZero ? 0 : 1)
    .max(65535)
    .default(fallback);
}

/** `<count>/<seconds>`, e.g. 20/30, as `[count, seconds]`. */
function perWindow(example: string, noun: "count" | "attempts" = "count", secondsDigits = 5) {
  return z
    .string()
    .regex(new RegExp(`^\\d{1,5}\\/\\d{1,${secondsDigits}}$`), `must be <${noun}>/<seconds>, e.g. ${example}`)
    .transform((value) => value.split("/").map(Number) as [number, number])
    .refine(
      ([count, seconds]) => count >= 1 && seconds >= 1,
      noun === "attempts" ? "must allow at least 1 attempt per at least 1 second" : "must allow at least 1 per at least 1 second",
    );
}

/** A comma-separated list of browser origins (e.g. "https://onair.example,https://www.onair.example"); `*` is refused with `wildcardProblem`. */
export function originList(wildcardProblem: string) {
  return z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine((origin) => origin !== "*", wildcardProblem)
          .refine(
            (origin) => URL.canParse(origin) && new URL(origin).origin === origin,
            "must list origins like https://onair.example (scheme, host, port; no path)",
          ),
      ),
    );
}

export const DEFAULT_WEB_PORT = 3000;
export const DEFAULT_WS_PORT = 3001;
export const DEFAULT_REDIS_KEY_PREFIX = "onair:";
export const DEFAULT_WS_SHUTDOWN_GRACE_MS = 10_000;
export const DEFAULT_MEDIA_HTTP_PORT = 3002;
export const DEFAULT_RTMP_PORT = 1935;

/** The variables several processes read, each written once. */
export const sharedEnv = {
  /** PostgreSQL (the web app and the WebSocket servers need it; the start script runs an embedded one when unset). */
  DATABASE_URL: z.string().regex(POSTGRES_URL, "must be a postgres:// URL"),
  /** Redis for events, presence and rate limits across instances; unset uses PostgreSQL (and in-process presence). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  /** Prefix of every Redis key and channel, so deployments can share one Redis. */
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default(DEFAULT_REDIS_KEY_PREFIX),
  /** Signs session cookies; the web app and the WebSocket servers must share it (NEXTAUTH_SECRET is read when unset). */
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters (the same secret in the web app and the WebSocket server)"),
  /** The web app's public URL (next-auth's callbacks; the WebSocket server's cookie origin). */
  NEXTAUTH_URL: z.url().optional(),
  /** Where browsers reach the WebSocket server; default ws(s)://<page host>:3001. */
  WS_PUBLIC_URL: z.url().optional(),
  WEB_PORT: port(DEFAULT_WEB_PORT),
  /** "1": the web app takes client addresses from X-Forwarded-For (only behind a proxy that sets it). */
  WEB_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** The WebSocket server's port (the WS server itself also takes 0: any free port). */
  WS_PORT: port(DEFAULT_WS_PORT),
  /** On SIGTERM, how long calls in flight may take to finish before the connections close. */
  WS_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULT_WS_SHUTDOWN_GRACE_MS),
  /** Messages one person may send per window. Default 20/30. */
  CHAT_USER_RATE_LIMIT: perWindow("20/30").optional(),
  /** Messages one IP address may send per window. Default 60/30. */
  CHAT_IP_RATE_LIMIT: perWindow("60/30").optional(),
  /** Where thumbnails and recordings are stored on disk (the start script sets <checkout>/.data/media). */
  MEDIA_DIR: z.string().min(1).default(".data/media"),
  /** Where browsers reach the media server (live video and recordings); default http(s)://<page host>:3002. */
  MEDIA_PUBLIC_URL: z.url().optional(),
  /** The media server's HTTP port (live HTTP-FLV, recordings). */
  MEDIA_HTTP_PORT: port(DEFAULT_MEDIA_HTTP_PORT),
  /** The built-in RTMP ingest's port (OBS and ffmpeg publish here). */
  RTMP_PORT: port(DEFAULT_RTMP_PORT),
  /** The RTMP server URL shown to creators; default rtmp://<NEXTAUTH_URL's host>:1935/live. */
  RTMP_PUBLIC_URL: z
    .string()
    .regex(/^rtmps?:\/\/[^\s]+$/, "must be an rtmp:// or rtmps:// URL")
    .optional(),
  /** Agora RTC: the project's App ID and App Certificate (both, or neither: without them the Agora source is not offered). */
  AGORA_APP_ID: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, "must be the 32 hex characters of an Agora App ID")
    .optional(),
  AGORA_APP_CERTIFICATE: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, "must be the 32 hex characters of an Agora App Certificate")
    .optional(),
  /** A live INGEST stream whose encoder has sent nothing for this long ends by itself. */
  STREAM_SILENCE_END_SECONDS: z.coerce.number().int().min(5).max(86_400).default(120),
  /** How often the stream monitor runs (across all instances together). */
  MONITOR_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  /** Sign-ups one IP address may attempt per window. Default 5/3600. */
  SIGN_UP_IP_RATE_LIMIT: perWindow("5/3600").optional(),
  /** Checkouts one buyer may start per window. Default 30/60. */
  SHOP_CHECKOUT_USER_RATE_LIMIT: perWindow("30/60").optional(),
  /** Wrong passwords per account (the email typed) before sign-in is refused. Default 10/900. */
  SIGN_IN_ACCOUNT_LIMIT: perWindow("10/900", "attempts", 6).optional(),
  /** Wrong passwords per client address before sign-in is refused. Default 50/900. */
  SIGN_IN_ADDRESS_LIMIT: perWindow("10/900", "attempts", 6).optional(),
  /** Live shopping: how long a checkout holds its units (and a card payment may take) before they go back on sale. */
  SHOP_HOLD_SECONDS: z.coerce.number().int().min(60).max(3_600).default(600),
  /** Stripe card payments: the secret key, the webhook's signing secret and the publishable key (all three, or none: pay on delivery only). */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, "must be a Stripe secret key (sk_test_... or sk_live_...)")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, "must be a Stripe webhook signing secret (whsec_...)")
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9]+$/, "must be a Stripe publishable key (pk_test_... or pk_live_...)")
    .optional(),
};

/** The shop's variables (web app and WebSocket servers: both run checkout and orders). */
export const shopEnvSchema = {
  SHOP_HOLD_SECONDS: sharedEnv.SHOP_HOLD_SECONDS,
  STRIPE_SECRET_KEY: sharedEnv.STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET: sharedEnv.STRIPE_WEBHOOK_SECRET,
  STRIPE_PUBLISHABLE_KEY: sharedEnv.STRIPE_PUBLISHABLE_KEY,
};

/** Stripe needs all three of its variables: the line naming what is missing, or null. */
export function stripeConfigProblem(env: {
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_PUBLISHABLE_KEY?: string;
}): string | null {
  const names = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_PUBLISHABLE_KEY"] as const;
  const missing = names.filter((name) => !env[name]);
  if (missing.length === 0 || missing.length === names.length) return null;
  return `${missing.join(", ")} must be set too: Stripe needs all three of ${names.join(", ")} (or none).`;
}

/** The limit variables the API counts (chat and sign-up), for the processes that serve the API. */
export const limitsEnvSchema = {
  CHAT_USER_RATE_LIMIT: sharedEnv.CHAT_USER_RATE_LIMIT,
  CHAT_IP_RATE_LIMIT: sharedEnv.CHAT_IP_RATE_LIMIT,
  SIGN_UP_IP_RATE_LIMIT: sharedEnv.SIGN_UP_IP_RATE_LIMIT,
  SHOP_CHECKOUT_USER_RATE_LIMIT: sharedEnv.SHOP_CHECKOUT_USER_RATE_LIMIT,
};

/**
 * Validates `source` against `shape`. Empty variables count as unset, and
 * AUTH_SECRET falls back to NEXTAUTH_SECRET (next-auth's name for it). A bad
 * variable throws one line naming it: `<label> invalid configuration: <NAME> <problem>`.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  source: Record<string, string | undefined>,
  label: string,
): z.infer<z.ZodObject<Shape>> {
  const cleaned: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value !== "") cleaned[name] = value;
  }
  if (cleaned.AUTH_SECRET === undefined && cleaned.NEXTAUTH_SECRET !== undefined) cleaned.AUTH_SECRET = cleaned.NEXTAUTH_SECRET;
  const parsed = z.object(shape).safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${label} invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  return parsed.data;
}

/** A bad variable; its message is the one line to print. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** For a process's entry point: print the one line and exit 1, instead of a stack trace. */
export function parseEnvOrExit<Shape extends z.ZodRawShape>(
  shape: Shape,
  source: Record<string, string | undefined>,
  label: string,
): z.infer<z.ZodObject<Shape>> {
  try {
    return parseEnv(shape, source, label);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/**
 * Web push (docs/notifications.md). VAPID keys identify this server to the
 * browsers' push services: both keys, or neither (the start script then
 * generates a pair once into .data/vapid.json; without keys push is off).
 */
export const pushEnvSchema = {
  /** The public key, base64url (65 bytes: an uncompressed P-256 point), as `npx web-push generate-vapid-keys` prints it. */
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{86,88}$/,
      "must be a base64url P-256 public key (87 characters), as `npx web-push generate-vapid-keys` prints it",
    )
    .optional(),
  /** The private key, base64url (32 bytes). */
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{42,44}$/,
      "must be a base64url P-256 private key (43 characters), as `npx web-push generate-vapid-keys` prints it",
    )
    .optional(),
  /** Who push services contact about this server's pushes: a mailto: address or an https:// URL. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, "must be a mailto: address or an https:// URL")
    .optional(),
  /**
   * Push endpoints outside the well-known push services that subscriptions may
   * use (comma-separated origins, e.g. a self-hosted push service, or a test's
   * local endpoint). The well-known services (FCM, Mozilla, Apple, Windows) are always allowed.
   */
  PUSH_ENDPOINT_ORIGINS: originList("cannot be *: list the push services' origins"),
};

/** VAPID needs both keys: the line naming what is missing, or null. */
export function vapidConfigProblem(env: { VAPID_PUBLIC_KEY?: string; VAPID_PRIVATE_KEY?: string }): string | null {
  if (Boolean(env.VAPID_PUBLIC_KEY) === Boolean(env.VAPID_PRIVATE_KEY)) return null;
  return `${env.VAPID_PUBLIC_KEY ? "VAPID_PRIVATE_KEY" : "VAPID_PUBLIC_KEY"} must be set too: web push needs both VAPID keys (or neither).`;
}
