import { limitsEnvSchema } from "@onair/api";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  /** Redis for events and presence across instances; unset uses PostgreSQL LISTEN/NOTIFY and in-process presence. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default("onair:"),
  /** A client whose unsent data exceeds this is disconnected (it resumes by lastEventId when it returns). */
  WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(16_384).default(1_048_576),
  /** Names this instance in viewer sessions; random when unset. */
  WS_INSTANCE_ID: z.string().min(1).max(64).optional(),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters (the same secret as the web app)"),
  WS_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  WS_HOST: z.string().default("0.0.0.0"),
  /** Comma-separated origins allowed to open browser WebSockets; empty allows any. */
  WS_ALLOWED_ORIGINS: z.string().default(""),
  /** Open WebSockets one IP address may hold on this instance. */
  WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  /** "1": take client addresses from X-Forwarded-For (set it only behind a load balancer that sets that header). */
  WS_TRUST_PROXY: z.enum(["0", "1", "true", "false"]).default("0").transform((value) => value === "1" || value === "true"),
  ...limitsEnvSchema,
});

export type WsEnv = z.infer<typeof schema>;

/** Validates the environment once; a bad variable stops start-up with one line naming it. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): WsEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse({ ...cleaned, AUTH_SECRET: cleaned.AUTH_SECRET ?? cleaned.NEXTAUTH_SECRET });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`[ws] invalid configuration: ${issue.path.join(".")} ${issue.message}`);
    process.exit(1);
  }
  return parsed.data;
}
