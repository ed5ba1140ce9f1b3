import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Db } from "@onair/db";

export const TEST_AUTH_SECRET = "test-auth-secret-test-auth-secret";

export function unique(prefix: string): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

export async function createOwner(db: Db) {
  const username = unique("media_");
  return db.user.create({ data: { username, email: `${username}@test.onair`, canCreateStreams: true } });
}

/** An INGEST stream with its key, as stream.create makes one. */
export async function createIngestStream(
  db: Db,
  ownerId: string,
  options: { status?: "SCHEDULED" | "LIVE" | "MISSED" | "ENDED"; autoGoLive?: boolean } = {},
) {
  const status = options.status ?? "SCHEDULED";
  return db.liveStream.create({
    data: {
      slug: unique("ingest-"),
      title: "Ingest test",
      ownerId,
      status,
      videoProvider: "INGEST",
      videoSource: "",
      ingestKey: randomBytes(24).toString("base64url"),
      autoGoLive: options.autoGoLive ?? false,
      startedAt: status === "LIVE" || status === "ENDED" ? new Date() : null,
      endedAt: status === "ENDED" ? new Date() : null,
    },
  });
}

export interface Encoder {
  process: ChildProcess;
  /** Resolves with ffmpeg's exit code when it stops. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** ffmpeg publishing a generated test pattern (640×360, 30 fps, a keyframe every second) with a sine tone. */
export function publish(url: string, options: { seconds?: number } = {}): Encoder {
  const args = [
    "-hide_banner",
    "-nostdin",
    "-loglevel",
    "error",
    "-re",
    "-f",
    "lavfi",
    "-i",
    "testsrc2=size=640x360:rate=30",
    "-f",
    "lavfi",
    "-i",
    "sine",
    ...(options.seconds ? ["-t", String(options.seconds)] : []),
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-tune",
    "zerolatency",
    "-g",
    "30",
    "-c:a",
    "aac",
    "-f",
    "flv",
    url,
  ];
  const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      return exited;
    },
  };
}

/** The duration of a media file in seconds, by ffprobe. */
export function probeDurationSeconds(filePath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", filePath], (error, stdout) =>
      error ? reject(new Error(`ffprobe failed: ${error.message}`)) : resolve(Number(stdout.trim())),
    );
  });
}

/** Reads a response body until `bytes` have arrived, then cancels it. */
export async function readSome(response: Response, bytes: number): Promise<Buffer> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < bytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel();
  return Buffer.concat(chunks);
}

/** ffmpeg reading a stream over RTMP for a second; resolves with its exit code. */
export function playOverRtmp(url: string): Promise<number | null> {
  const child = spawn(
    "ffmpeg",
    ["-hide_banner", "-nostdin", "-loglevel", "error", "-rw_timeout", "5000000", "-i", url, "-t", "1", "-f", "null", "-"],
    {
      stdio: "ignore",
    },
  );
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}
