import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters (the same secret as the web app)"),
  WS_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  WS_HOST: z.string().default("0.0.0.0"),
  /** Comma-separated origins allowed to open browser WebSockets; empty allows any. */
  WS_ALLOWED_ORIGINS: z.string().default(""),
});

export type WsEnv = z.infer<typeof schema>;

/** Validates the environment once; a bad variable stops start-up with one line naming it. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): WsEnv {
  const parsed = schema.safeParse({ ...source, AUTH_SECRET: source.AUTH_SECRET ?? source.NEXTAUTH_SECRET });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`[ws] invalid configuration: ${issue.path.join(".")} ${issue.message}`);
    process.exit(1);
  }
  return parsed.data;
}
