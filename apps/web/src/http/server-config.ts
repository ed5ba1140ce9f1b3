import { z } from "zod";

const schema = z.object({
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface to listen on; unset listens on every interface, as `next start` does. */
  WEB_HOST: z.string().min(1).optional(),
  /**
   * "1": take the client's address and scheme from X-Forwarded-For / X-Forwarded-Proto
   * (only behind a proxy that sets them). "0" (default): the TCP peer and the connection itself.
   */
  WEB_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
});

export interface WebServerConfig {
  port: number;
  host: string | undefined;
  trustProxy: boolean;
}

/** The custom web server's own settings, validated once at start; a bad value names the variable. */
export function loadWebServerConfig(source: NodeJS.ProcessEnv = process.env): WebServerConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`[web] invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  return { port: parsed.data.WEB_PORT, host: parsed.data.WEB_HOST, trustProxy: parsed.data.WEB_TRUST_PROXY === "1" };
}
