import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "@onair/auth";
import { createDbClient } from "@onair/db";
import { createTestDatabase, seedDemoData } from "@onair/db/dev";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function waitForHttp(url: string, child: ChildProcess, name: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs} ms`);
}

/** A VAPID key pair of the run's own (base64url, as VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY take them). */
function vapidKeys(): { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const jwk = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return { VAPID_PUBLIC_KEY: point.toString("base64url"), VAPID_PRIVATE_KEY: privateKey.export({ format: "jwk" }).d! };
}

/**
 * Runs the production web build, the WebSocket server (with the job workers) and
 * the media server against a fresh, seeded database of their own; the returned
 * function stops them and drops it.
 */
export default async function globalSetup() {
  const webPort = Number(process.env.E2E_WEB_PORT ?? 3100);
  const wsPort = Number(process.env.E2E_WS_PORT ?? 3101);
  // Near the web port, so runs on other ports (E2E_WEB_PORT) do not collide (web-security.spec.ts takes webPort + 2).
  const rtmpPort = Number(process.env.E2E_RTMP_PORT ?? webPort + 5);
  const mediaPort = Number(process.env.E2E_MEDIA_PORT ?? webPort + 6);
  // notifications.spec.ts listens here as the browsers' push service.
  const pushPort = Number(process.env.E2E_PUSH_PORT ?? webPort + 7);
  const mediaDir = await mkdtemp(path.join(os.tmpdir(), "onair-e2e-media-"));
  const database = await createTestDatabase();
  const db = createDbClient(database.url, { poolSize: 2 });
  await seedDemoData(db, hashPassword);
  // Streams of the e2e run's own, so lifecycle tests do not change the demo streams.
  const streamer = await db.user.findUniqueOrThrow({ where: { email: "streamer@onair.local" } });
  for (const slug of ["e2e-lifecycle", "e2e-presence"]) {
    await db.liveStream.create({
      data: {
        slug,
        title: slug === "e2e-lifecycle" ? "E2E lifecycle" : "E2E presence",
        ownerId: streamer.id,
        status: slug === "e2e-lifecycle" ? "SCHEDULED" : "LIVE",
        scheduledStartAt: new Date(Date.now() + 3_600_000),
        startedAt: slug === "e2e-presence" ? new Date() : null,
        videoSource: "aqz-KE-bpKQ",
      },
    });
  }
  // The moderation spec's own live stream: its terms, chat modes and audit log stay out of other specs' way.
  await db.liveStream.create({
    data: {
      slug: "e2e-moderation",
      title: "E2E moderation",
      ownerId: streamer.id,
      status: "LIVE",
      startedAt: new Date(),
      videoSource: "aqz-KE-bpKQ",
    },
  });
  await db.$disconnect();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
    NEXTAUTH_URL: `http://localhost:${webPort}`,
    WS_PORT: String(wsPort),
    WEB_PORT: String(webPort),
    WS_PUBLIC_URL: `ws://localhost:${wsPort}`,
    NEXT_TELEMETRY_DISABLED: "1",
    MEDIA_DIR: mediaDir,
    MEDIA_HTTP_PORT: String(mediaPort),
    MEDIA_PUBLIC_URL: `http://localhost:${mediaPort}`,
    RTMP_PORT: String(rtmpPort),
    RTMP_PUBLIC_URL: `rtmp://localhost:${rtmpPort}/live`,
    // The video spec waits for the monitor to end a silent stream: short, but above the encoder's reconnect gap.
    STREAM_SILENCE_END_SECONDS: "8",
    MONITOR_INTERVAL_SECONDS: "1",
    // A made-up Agora project (Agora's cloud cannot be reached from here): the source is offered, tokens are signed,
    // and the browser SDK runs up to its network boundary.
    AGORA_APP_ID: "0123456789abcdef0123456789abcdef",
    AGORA_APP_CERTIFICATE: "fedcba9876543210fedcba9876543210",
    // Every browser of the run connects from 127.0.0.1: per-address caps would count them all as one person.
    WS_MAX_CONNECTIONS_PER_IP: "1000",
    CHAT_IP_RATE_LIMIT: "9999/1",
    SIGN_UP_IP_RATE_LIMIT: "9999/1",
    // Web push on, with the spec's local endpoint allowed as a push service.
    ...vapidKeys(),
    PUSH_ENDPOINT_ORIGINS: `http://127.0.0.1:${pushPort}`,
    // With a Redis for tests (CI), the stack runs on the Redis bus and presence; else on PostgreSQL.
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_KEY_PREFIX: `onair-e2e-${Date.now()}:` } : {}),
  };
  // For specs that start a web server of their own on the same database (web-security.spec.ts).
  process.env.E2E_DATABASE_URL = database.url;
  // For specs that publish video (ffmpeg) and read the media server.
  process.env.E2E_RTMP_URL = `rtmp://127.0.0.1:${rtmpPort}/live`;
  process.env.E2E_MEDIA_URL = `http://127.0.0.1:${mediaPort}`;
  process.env.E2E_MEDIA_DIR = mediaDir;
  // For the spec that acts as the push service (notifications.spec.ts).
  process.env.E2E_PUSH_PORT = String(pushPort);
  const log = process.env.E2E_SERVER_LOGS ? "inherit" : "ignore";
  const ws = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.join(root, "apps/ws"),
    env,
    stdio: ["ignore", log, "inherit"],
  });
  const media = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.join(root, "apps/media"),
    env,
    stdio: ["ignore", log, "inherit"],
  });
  // The web app runs the way `pnpm start` runs it: its own server (apps/web/server.ts) in production mode.
  const web = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: path.join(root, "apps/web"),
    env,
    stdio: ["ignore", log, "inherit"],
  });

  const stop = async () => {
    for (const child of [web, ws, media]) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    }
    await database.dispose();
    await rm(mediaDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${wsPort}/health`, ws, "ws server");
    await waitForHttp(`http://127.0.0.1:${mediaPort}/health`, media, "media server");
    await waitForHttp(`http://127.0.0.1:${webPort}/signin`, web, "web app");
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
