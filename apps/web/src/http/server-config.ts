import { parseEnv, sharedEnv } from "@onair/api/config";
import { z } from "zod";

const shape = {
  WEB_PORT: sharedEnv.WEB_PORT,
  /** Interface to listen on; unset listens on every interface, as `next start` does. */
  WEB_HOST: z.string().min(1).optional(),
  /**
   * "1": take the client's address and scheme from X-Forwarded-For / X-Forwarded-Proto
   * (only behind a proxy that sets them). "0" (default): the TCP peer and the connection itself.
   */
  WEB_TRUST_PROXY: sharedEnv.WEB_TRUST_PROXY,
};

export interface WebServerConfig {
  port: number;
  host: string | undefined;
  trustProxy: boolean;
}

/** The custom web server's own settings, validated once at start; a bad value names the variable. */
export function loadWebServerConfig(source: NodeJS.ProcessEnv = process.env): WebServerConfig {
  const config = parseEnv(shape, source, "[web]");
  return { port: config.WEB_PORT, host: config.WEB_HOST, trustProxy: config.WEB_TRUST_PROXY === "1" };
}
