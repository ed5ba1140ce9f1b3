/**
 * The web app's HTTP server: Next.js's documented custom server (node:http + next().getRequestHandler()),
 * there so that the client address and scheme Next.js and the app see come from the connection,
 * not from headers the client wrote (see src/http/forwarded.ts). `pnpm start`, the package's start
 * script and the e2e stack all run the web app through it. `--dev` runs Next.js in development mode.
 */
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { normalizeForwardedHeaders } from "./src/http/forwarded";
import { loadWebServerConfig } from "./src/http/server-config";

const dev = process.argv.includes("--dev");

async function main() {
  const config = loadWebServerConfig();
  const app = next({ dev, dir: path.dirname(fileURLToPath(import.meta.url)), hostname: config.host ?? "localhost", port: config.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    normalizeForwardedHeaders(req, config.trustProxy);
    void handle(req, res);
  });
  server.listen(config.port, config.host, () => {
    console.log(`[web] listening on http://${config.host ?? "localhost"}:${config.port} (${dev ? "development" : "production"})`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
