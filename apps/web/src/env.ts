import { ConfigError, parseEnv, pushEnvSchema, sharedEnv, shopEnvSchema, stripeConfigProblem, vapidConfigProblem } from "@onair/api/config";
import { z } from "zod";

/** The web app's variables: the shared ones from @onair/api/config, and its own. */
const shape = {
  DATABASE_URL: sharedEnv.DATABASE_URL,
  AUTH_SECRET: sharedEnv.AUTH_SECRET,
  REDIS_URL: sharedEnv.REDIS_URL,
  REDIS_KEY_PREFIX: sharedEnv.REDIS_KEY_PREFIX,
  WS_PUBLIC_URL: sharedEnv.WS_PUBLIC_URL,
  MEDIA_PUBLIC_URL: sharedEnv.MEDIA_PUBLIC_URL,
  NEXTAUTH_URL: sharedEnv.NEXTAUTH_URL,
  // The studio (createServices' media deps): uploads, Agora tokens, the RTMP address shown to creators.
  MEDIA_DIR: sharedEnv.MEDIA_DIR,
  RTMP_PUBLIC_URL: sharedEnv.RTMP_PUBLIC_URL,
  RTMP_PORT: sharedEnv.RTMP_PORT,
  AGORA_APP_ID: sharedEnv.AGORA_APP_ID,
  AGORA_APP_CERTIFICATE: sharedEnv.AGORA_APP_CERTIFICATE,
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  CHAT_USER_RATE_LIMIT: sharedEnv.CHAT_USER_RATE_LIMIT,
  CHAT_IP_RATE_LIMIT: sharedEnv.CHAT_IP_RATE_LIMIT,
  SIGN_UP_IP_RATE_LIMIT: sharedEnv.SIGN_UP_IP_RATE_LIMIT,
  SHOP_CHECKOUT_USER_RATE_LIMIT: sharedEnv.SHOP_CHECKOUT_USER_RATE_LIMIT,
  // Live shopping: hold length and Stripe (all three keys, or none).
  ...shopEnvSchema,
  SIGN_IN_ACCOUNT_LIMIT: sharedEnv.SIGN_IN_ACCOUNT_LIMIT,
  SIGN_IN_ADDRESS_LIMIT: sharedEnv.SIGN_IN_ADDRESS_LIMIT,
  // Web push: VAPID keys (both or neither) and extra allowed push endpoints.
  ...pushEnvSchema,
};

export type WebEnv = z.infer<z.ZodObject<typeof shape>>;

let cached: WebEnv | undefined;

/**
 * The validated environment. Read lazily (not at import) because `next build`
 * imports route modules without the runtime configuration; instrumentation.ts
 * calls it at server start so bad configuration still fails fast.
 */
export function env(): WebEnv {
  if (!cached) {
    const parsed = parseEnv(shape, process.env, "[web]");
    const stripeProblem = stripeConfigProblem(parsed);
    if (stripeProblem) throw new ConfigError(`[web] invalid configuration: ${stripeProblem}`);
    const vapidProblem = vapidConfigProblem(parsed);
    if (vapidProblem) throw new ConfigError(`[web] invalid configuration: ${vapidProblem}`);
    cached = parsed;
  }
  return cached;
}
