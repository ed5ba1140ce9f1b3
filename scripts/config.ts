import { z } from "zod";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z.object({
  /** External PostgreSQL; unset runs an embedded one with its data in .data/postgres. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+\/.+/, "must be a postgres:// URL that names a database")
    .optional(),
  /** External Redis for cross-instance events (used from the Redis bus on). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  WEB_PORT: port(3000),
  WS_PORT: port(3001),
  EMBEDDED_PG_PORT: port(54329),
  /** The address people open in the browser, for next-auth callbacks. */
  NEXTAUTH_URL: z.url().optional(),
  WS_PUBLIC_URL: z.url().optional(),
  /** "1": the web app takes client addresses from X-Forwarded-For (only behind a proxy that sets it). */
  WEB_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
});

export type StartConfig = z.infer<typeof schema>;

/** Validates the start-up environment; a bad variable stops with one line naming it. */
export function loadStartConfig(source: NodeJS.ProcessEnv = process.env): StartConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`onair: invalid configuration: ${issue.path.join(".")} ${issue.message}`);
    process.exit(1);
  }
  return parsed.data;
}
