import path from "node:path";
import { createServices } from "@onair/api";
import { LocalDiskStorage } from "@onair/api/storage";
import { loadEnv } from "./env";
import { findFfmpeg } from "./ffmpeg";
import { startMediaServer } from "./server";

const env = loadEnv();
const services = createServices(env);
const mediaDir = path.resolve(env.MEDIA_DIR);
const ffmpegPath = await findFfmpeg(env.FFMPEG_PATH);
if (!ffmpegPath) {
  console.warn(
    `[media] ${env.FFMPEG_PATH ? `FFMPEG_PATH (${env.FFMPEG_PATH}) does not run` : "ffmpeg is not on PATH"}: encoders' sessions are not recorded (install ffmpeg or set FFMPEG_PATH)`,
  );
}
const allowedOrigins = [...(env.NEXTAUTH_URL ? [new URL(env.NEXTAUTH_URL).origin] : []), ...env.MEDIA_ALLOWED_ORIGINS];

let server;
try {
  server = await startMediaServer({
    db: services.db,
    bus: services.bus,
    jobs: services.jobs,
    storage: new LocalDiskStorage(mediaDir),
    authSecret: env.AUTH_SECRET,
    mediaDir,
    rtmp: { host: env.RTMP_HOST, port: env.RTMP_PORT },
    http: { host: env.MEDIA_HTTP_HOST, port: env.MEDIA_HTTP_PORT },
    internalFlvPort: env.MEDIA_INTERNAL_FLV_PORT,
    allowedOrigins,
    ffmpegPath,
  });
} catch (error) {
  console.error(`[media] cannot start: ${(error as Error).message}`);
  await services.close();
  process.exit(1);
}
const running = server;
console.log(`[media] RTMP ingest on rtmp://${env.RTMP_HOST}:${running.rtmpPort}/live/<stream id>?key=<stream key>`);
console.log(
  `[media] live video and recordings on http://${env.MEDIA_HTTP_HOST}:${running.httpPort} (browsers from ${allowedOrigins.join(", ") || "no origin: set NEXTAUTH_URL or MEDIA_ALLOWED_ORIGINS"}); files under ${mediaDir}`,
);

async function shutdown(signal: string) {
  console.log(`[media] ${signal}: disconnecting encoders, finishing recordings, closing`);
  await running.close();
  await services.close();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
