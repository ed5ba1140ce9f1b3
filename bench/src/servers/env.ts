/** The environment the harness gives every bench server process. */
export function serverEnv(): { port: number; host: string; redisUrl: string; keyPrefix: string } {
  const { PORT, HOST, REDIS_URL, REDIS_KEY_PREFIX } = process.env;
  if (!REDIS_URL || !REDIS_KEY_PREFIX) {
    console.error("[bench-server] REDIS_URL and REDIS_KEY_PREFIX are required");
    process.exit(1);
  }
  return { port: Number(PORT ?? 0), host: HOST ?? "127.0.0.1", redisUrl: REDIS_URL, keyPrefix: REDIS_KEY_PREFIX };
}
