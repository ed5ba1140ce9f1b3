/**
 * Starts everything: PostgreSQL (embedded unless DATABASE_URL is set), migrations,
 * demo data on an empty database, the web app on :3000, the WebSocket server (and
 * the job workers) on :3001, and the media server (RTMP ingest on :1935, video on :3002).
 * `--dev` runs Next.js in development mode instead of the production build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "@onair/auth";
import { createDbClient, redactUrl, withDatabase } from "@onair/db";
import { createDatabase, databaseExists, DEMO_ACCOUNTS, migrateDeploy, seedDemoData, startEmbeddedPostgres } from "@onair/db/dev";
import { loadStartConfig } from "./config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, ".data");
const dev = process.argv.includes("--dev");
const config = loadStartConfig();
const children: ChildProcess[] = [];
let stopEmbedded: (() => Promise<void>) | null = null;

function log(message: string) {
  console.log(`[onair] ${message}`);
}

async function authSecret(): Promise<string> {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  // Persisted so sessions survive restarts of the embedded default.
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Web push's VAPID keys: the configured pair, else one generated once into
 * .data/vapid.json (browsers' subscriptions are bound to the public key, so it
 * must survive restarts). Base64url, as web-push and browsers take them.
 */
async function vapidKeys(): Promise<{ VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string }> {
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) {
    return { VAPID_PUBLIC_KEY: config.VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: config.VAPID_PRIVATE_KEY };
  }
  const file = path.join(dataDir, "vapid.json");
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string };
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const jwk = privateKey.export({ format: "jwk" });
  const point = publicKey.export({ format: "der", type: "spki" }).subarray(-65);
  const keys = { VAPID_PUBLIC_KEY: point.toString("base64url"), VAPID_PRIVATE_KEY: jwk.d! };
  await writeFile(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

async function databaseUrl(): Promise<string> {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  // The server runs as the unprivileged "postgres" user when we are root, so it needs its own writable folder.
  await chmod(dataDir, 0o755);
  log(`starting embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT}`);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: config.EMBEDDED_PG_PORT });
  // As root from a folder other users cannot enter, the data lives in /var/lib/onair instead (see packages/db/src/dev/embedded.ts).
  log(
    `embedded PostgreSQL data in ${path.relative(root, embedded.dataDir).startsWith("..") ? embedded.dataDir : path.relative(root, embedded.dataDir)}`,
  );
  stopEmbedded = () => embedded.stop();
  if (!(await databaseExists(embedded.serverUrl, "onair"))) await createDatabase(embedded.serverUrl, "onair");
  return withDatabase(embedded.serverUrl, "onair");
}

/** How long each child may take to stop after SIGTERM before it is killed. */
const stopTimeoutMs = new Map<ChildProcess, number>();
/** The WebSocket server drains for up to WS_SHUTDOWN_GRACE_MS (its default 10 s) on SIGTERM; then it closes connections. */
const WS_STOP_TIMEOUT_MS = config.WS_SHUTDOWN_GRACE_MS + 5_000;

function run(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; stopTimeoutMs?: number }) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "inherit", "inherit"] });
  if (options.stopTimeoutMs) stopTimeoutMs.set(child, options.stopTimeoutMs);
  child.on("exit", (code, signal) => {
    if (shuttingDown) return;
    console.error(`[onair] ${name} exited (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(1);
  });
  children.push(child);
}

let shuttingDown = false;
async function shutdown(exitCode: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs.get(child) ?? 10_000).unref();
        }),
    ),
  );
  if (stopEmbedded) await stopEmbedded().catch(() => {});
  process.exit(exitCode);
}
process.once("SIGINT", () => void shutdown(0));
process.once("SIGTERM", () => void shutdown(0));

async function main() {
  await mkdir(dataDir, { recursive: true });
  const url = await databaseUrl();
  log(`applying migrations to ${redactUrl(url)}`);
  await migrateDeploy(url);

  const db = createDbClient(url, { poolSize: 2 });
  if ((await db.user.count()) === 0) {
    log("empty database: adding demo accounts and streams");
    await seedDemoData(db, hashPassword);
  }
  await db.$disconnect();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    AUTH_SECRET: await authSecret(),
    ...(await vapidKeys()),
    NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.WEB_PORT}`,
    WS_PORT: String(config.WS_PORT),
    WEB_PORT: String(config.WEB_PORT),
    // Every process runs in production mode (no stack traces or internals in answers), except the web app under --dev.
    NODE_ENV: dev ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    MEDIA_DIR: config.MEDIA_DIR ? path.resolve(config.MEDIA_DIR) : path.join(dataDir, "media"),
    MEDIA_HTTP_PORT: String(config.MEDIA_HTTP_PORT),
    RTMP_PORT: String(config.RTMP_PORT),
    ...(config.WS_PUBLIC_URL ? { WS_PUBLIC_URL: config.WS_PUBLIC_URL } : {}),
  };
  const webDir = path.join(root, "apps", "web");
  run("ws", process.execPath, ["--import", "tsx", path.join(root, "apps", "ws", "src", "main.ts")], {
    cwd: path.join(root, "apps", "ws"),
    env,
    stopTimeoutMs: WS_STOP_TIMEOUT_MS,
  });
  run("media", process.execPath, ["--import", "tsx", path.join(root, "apps", "media", "src", "main.ts")], {
    cwd: path.join(root, "apps", "media"),
    env,
  });
  // The web app's own server (apps/web/server.ts): Next.js behind a server that sets the client address from the connection.
  run("web", process.execPath, ["--import", "tsx", path.join(webDir, "server.ts"), ...(dev ? ["--dev"] : [])], { cwd: webDir, env });

  log(
    `web: http://localhost:${config.WEB_PORT}   ws: ws://localhost:${config.WS_PORT}   media: http://localhost:${config.MEDIA_HTTP_PORT}`,
  );
  log(`RTMP ingest: rtmp://localhost:${config.RTMP_PORT}/live (stream keys are in each stream's studio page)`);
  log("demo accounts: " + DEMO_ACCOUNTS.map((account) => `${account.email} / ${account.password}`).join(", "));
}

main().catch(async (error: unknown) => {
  console.error(`[onair] start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
