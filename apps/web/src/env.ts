import { limitsEnvSchema } from "@onair/api";
import { z } from "zod";

/** `<attempts>/<seconds>`, e.g. 10/900. */
const attemptsPerWindow = z
  .string()
  .regex(/^\d{1,5}\/\d{1,6}$/, "must be <attempts>/<seconds>, e.g. 10/900")
  .transform((value) => value.split("/").map(Number) as [number, number])
  .refine(([attempts, seconds]) => attempts >= 1 && seconds >= 1, "must allow at least 1 attempt per at least 1 second");

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters"),
  /** Redis for cross-instance events; unset uses PostgreSQL LISTEN/NOTIFY. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default("onair:"),
  /** Where browsers reach the WebSocket server; default ws(s)://<page host>:3001. */
  WS_PUBLIC_URL: z.url().optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  ...limitsEnvSchema,
  /** Wrong passwords per account (the email typed) before sign-in is refused, `<attempts>/<seconds>`. */
  SIGN_IN_ACCOUNT_LIMIT: attemptsPerWindow.default([10, 900]),
  /** Wrong passwords per client address before sign-in is refused, `<attempts>/<seconds>`. */
  SIGN_IN_ADDRESS_LIMIT: attemptsPerWindow.default([50, 900]),
});

export type WebEnv = z.infer<typeof schema>;

let cached: WebEnv | undefined;

/**
 * The validated environment. Read lazily (not at import) because `next build`
 * imports route modules without the runtime configuration; instrumentation.ts
 * calls it at server start so bad configuration still fails fast.
 */
export function env(): WebEnv {
  if (cached) return cached;
  const parsed = schema.safeParse({
    ...process.env,
    AUTH_SECRET: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
    WS_PUBLIC_URL: process.env.WS_PUBLIC_URL || undefined,
    REDIS_URL: process.env.REDIS_URL || undefined,
    REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX || undefined,
    GITHUB_ID: process.env.GITHUB_ID || undefined,
    GITHUB_SECRET: process.env.GITHUB_SECRET || undefined,
    CHAT_USER_RATE_LIMIT: process.env.CHAT_USER_RATE_LIMIT || undefined,
    CHAT_IP_RATE_LIMIT: process.env.CHAT_IP_RATE_LIMIT || undefined,
    SIGN_IN_ACCOUNT_LIMIT: process.env.SIGN_IN_ACCOUNT_LIMIT || undefined,
    SIGN_IN_ADDRESS_LIMIT: process.env.SIGN_IN_ADDRESS_LIMIT || undefined,
    SIGN_UP_IP_RATE_LIMIT: process.env.SIGN_UP_IP_RATE_LIMIT || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`[web] invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  cached = parsed.data;
  return cached;
}
