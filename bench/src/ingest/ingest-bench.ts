/**
 * The built-in ingest, measured: how far behind the encoder a viewer's screen
 * is (the clock burned into the picture, read back in Chromium with the web
 * player's mpegts.js settings), and how much CPU the media server spends per
 * ingest stream (pre-encoded video pushed with `-c copy`, so the encoders cost
 * almost nothing, each stream with viewers pulling HTTP-FLV).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { onCleanup, trackPid } from "../cleanup";
import { log } from "../log";
import type { OnAirFixture } from "../onair-fixture";
import { cpuSeconds, rssKib } from "../procstat";
import { startServer } from "../server-process";
import { clockPublisherArgs } from "./clock-pattern";
import { serveLatencyPage } from "./latency-page";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const AUTH_SECRET = "bench-ingest-secret-bench-ingest-secret";

export interface IngestSettings {
  /** Encoder-to-screen samples are taken over this many seconds (after a warm-up). */
  latencyS: number;
  warmupS: number;
  /** Each CPU reading covers this many seconds. */
  cpuWindowS: number;
  /** Streams pushed at once for the CPU reading, and HTTP-FLV viewers per stream. */
  cpuStreams: number;
  viewersPerStream: number;
}

export interface IngestResult {
  latency: { samples: number; p50Ms: number; p95Ms: number; minMs: number; maxMs: number; decodedFrames: number };
  cpu: {
    streams: number;
    viewersPerStream: number;
    idlePctOfCore: number;
    loadedPctOfCore: number;
    perStreamPctOfCore: number;
    rssMib: number;
  }[];
  notes: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runFfmpeg(args: string[], name: string): ChildProcess {
  const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
  if (child.pid) {
    const untrack = trackPid(child.pid);
    child.once("exit", untrack);
  }
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-2_000);
  });
  child.once("exit", (code, signal) => {
    // Stopped by the harness (SIGINT makes ffmpeg exit with 255): not worth a line.
    if (code && code !== 255 && !signal)
      log(`ingest: ${name} (ffmpeg) exited with code ${code}: ${errors.trim().split("\n").slice(-2).join(" / ")}`);
  });
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * A viewer that pulls a live HTTP-FLV stream and throws the bytes away, until stopped; resolves to the bytes
 * it received (0 when it never got the stream). It retries while the encoder is still connecting (404).
 */
async function pullFlv(url: string, signal: AbortSignal): Promise<number> {
  let bytes = 0;
  try {
    for (let attempt = 0; attempt < 40 && !signal.aborted; attempt++) {
      const response = await fetch(url, { signal });
      if (response.status === 404) {
        await response.body?.cancel();
        await sleep(250);
        continue;
      }
      if (!response.ok || !response.body) break;
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
      break;
    }
  } catch (error) {
    if (!signal.aborted) log(`ingest: a viewer of ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return bytes;
}

async function cpuPctOfCore(pid: number, windowS: number): Promise<number> {
  const before = cpuSeconds(pid);
  await sleep(windowS * 1_000);
  return Math.round(((cpuSeconds(pid) - before) / windowS) * 1000) / 10;
}

export async function runIngestBench(onair: OnAirFixture, logDir: string, settings: IngestSettings): Promise<IngestResult> {
  const notes: string[] = [];
  const mediaDir = await mkdtemp(path.join(os.tmpdir(), "onair-bench-media-"));
  onCleanup("ingest media folder", () => rm(mediaDir, { recursive: true, force: true }));
  const page = await serveLatencyPage();
  onCleanup("ingest latency page", () => page.close());
  const rtmpPort = await freePort();
  const httpPort = await freePort();
  const media = await startServer(
    {
      name: "media",
      cwd: path.join(ROOT, "apps/media"),
      entry: "src/main.ts",
      env: {
        DATABASE_URL: onair.databaseUrl,
        AUTH_SECRET,
        MEDIA_DIR: mediaDir,
        MEDIA_HTTP_HOST: "127.0.0.1",
        MEDIA_HTTP_PORT: String(httpPort),
        RTMP_HOST: "127.0.0.1",
        RTMP_PORT: String(rtmpPort),
        MEDIA_ALLOWED_ORIGINS: page.origin,
        // Recording (and its remux) is part of the real cost of a stream: leave it on.
      },
      readyPattern: /live video and recordings on http:\/\/[^:]+:(\d+)/,
      inspect: false,
    },
    logDir,
  );
  onCleanup("media server", () => media.stop());
  const mediaUrl = `http://127.0.0.1:${media.port}`;
  const rtmpUrl = `rtmp://127.0.0.1:${rtmpPort}/live`;

  // 1. Encoder to screen.
  const clockStream = await onair.createIngestStream();
  const encoder = runFfmpeg(clockPublisherArgs(`${rtmpUrl}/${clockStream.id}?key=${clockStream.key}`), "clock encoder");
  onCleanup("clock encoder", () => stopProcess(encoder));
  await sleep(2_000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--disable-gpu"],
  });
  onCleanup("chromium", () => browser.close());
  const tab = await browser.newPage();
  await tab.goto(page.pageUrl(`${mediaUrl}/live/${clockStream.id}.flv`));
  await sleep(settings.warmupS * 1_000);
  const skip = await tab.evaluate(() => (window as unknown as { frameAges: number[] }).frameAges.length);
  await sleep(settings.latencyS * 1_000);
  const { ages, decodedFrames } = await tab.evaluate(() => {
    const page = window as unknown as { frameAges: number[]; decodedFrames: number };
    return { ages: page.frameAges, decodedFrames: page.decodedFrames };
  });
  await browser.close();
  await stopProcess(encoder);
  const samples = ages.slice(skip).sort((a, b) => a - b);
  if (samples.length === 0) throw new Error("ingest: the page showed no frame (is ffmpeg installed, did the media server accept the key?)");
  const latency = {
    samples: samples.length,
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    minMs: samples[0]!,
    maxMs: samples.at(-1)!,
    decodedFrames,
  };
  log(`ingest: encoder → screen p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, max ${latency.maxMs} ms (${latency.samples} samples)`);

  // 2. CPU per stream: a typical OBS stream (720p30, ~3 Mbit/s, 2 s keyframes), pre-encoded once and pushed without re-encoding.
  const clip = path.join(mediaDir, "clip.mp4");
  const encode = runFfmpeg(
    [
      ...["-hide_banner", "-loglevel", "error", "-y"],
      ...["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
      ...["-t", "12", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "3000k", "-maxrate", "3000k", "-bufsize", "6000k", "-g", "60"],
      ...["-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", clip],
    ],
    "clip encoder",
  );
  await new Promise((resolve) => encode.once("exit", resolve));
  const idlePct = await cpuPctOfCore(media.pid, settings.cpuWindowS);
  const cpu: IngestResult["cpu"] = [];
  for (const streams of [1, settings.cpuStreams]) {
    const pushers: ChildProcess[] = [];
    const viewers = new AbortController();
    const pulls: Promise<number>[] = [];
    for (let index = 0; index < streams; index++) {
      const stream = await onair.createIngestStream();
      pushers.push(
        runFfmpeg(
          [
            "-hide_banner",
            "-loglevel",
            "error",
            "-re",
            "-stream_loop",
            "-1",
            "-i",
            clip,
            "-c",
            "copy",
            "-f",
            "flv",
            `${rtmpUrl}/${stream.id}?key=${stream.key}`,
          ],
          `pusher ${index + 1}`,
        ),
      );
      await sleep(500);
      for (let viewer = 0; viewer < settings.viewersPerStream; viewer++)
        pulls.push(pullFlv(`${mediaUrl}/live/${stream.id}.flv`, viewers.signal));
    }
    await sleep(3_000);
    const loadedPct = await cpuPctOfCore(media.pid, settings.cpuWindowS);
    const rssMib = Math.round(rssKib(media.pid) / 102.4) / 10;
    viewers.abort();
    const pulled = await Promise.all(pulls);
    await Promise.all(pushers.map(stopProcess));
    const viewersPerStream = settings.viewersPerStream;
    if (pulled.some((bytes) => bytes === 0)) notes.push(`${streams} streams: a viewer received nothing`);
    const perStreamPctOfCore = Math.round(((loadedPct - idlePct) / streams) * 10) / 10;
    cpu.push({ streams, viewersPerStream, idlePctOfCore: idlePct, loadedPctOfCore: loadedPct, perStreamPctOfCore, rssMib });
    log(
      `ingest: ${streams} stream(s) × ${viewersPerStream} viewers: media server ${loadedPct}% of a core (idle ${idlePct}%), ${perStreamPctOfCore}% per stream, RSS ${rssMib} MiB`,
    );
    await sleep(2_000);
  }
  await media.stop();
  return { latency, cpu, notes };
}

/** bench/results/ingest-latest.{json,md}. */
export async function writeIngestResults(
  result: IngestResult,
  context: { command: string; machine: string; startedAt: Date },
): Promise<string> {
  const { mkdir, writeFile } = await import("node:fs/promises");
  const dir = fileURLToPath(new URL("../../results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}ingest-latest.json`, `${JSON.stringify({ ...context, ...result }, null, 2)}\n`);
  const { latency, cpu, notes } = result;
  const lines = [
    "# OnAir built-in ingest — latest results",
    "",
    `- Date: ${context.startedAt.toISOString()}`,
    `- Machine: ${context.machine}`,
    `- Command: \`${context.command}\``,
    "- Encoder → screen: ffmpeg encodes a 640×360 30 fps test pattern live (x264 veryfast zerolatency, 1 s keyframes) with its wall clock burned in,",
    "  publishes it over RTMP to the media server; Chromium plays `/live/<id>.flv` with mpegts.js and the web player's settings and reads the clock off the frame it shows every 200 ms.",
    "- CPU: pre-encoded 720p30 ~3 Mbit/s video pushed with `-c copy` (the encoders cost almost nothing); each stream recorded and pulled by HTTP-FLV viewers.",
    "",
    "| encoder → screen | samples | p50 ms | p95 ms | min ms | max ms | frames decoded |",
    "|---|--:|--:|--:|--:|--:|--:|",
    `| built-in ingest (node-media-server → mpegts.js) | ${latency.samples} | ${latency.p50Ms} | ${latency.p95Ms} | ${latency.minMs} | ${latency.maxMs} | ${latency.decodedFrames} |`,
    "",
    "| streams | viewers/stream | media server % of a core (idle) | loaded % of a core | per stream % of a core | RSS MiB |",
    "|--:|--:|--:|--:|--:|--:|",
    ...cpu.map(
      (row) =>
        `| ${row.streams} | ${row.viewersPerStream} | ${row.idlePctOfCore} | ${row.loadedPctOfCore} | ${row.perStreamPctOfCore} | ${row.rssMib} |`,
    ),
    ...(notes.length ? ["", "## Notes", "", ...notes.map((note) => `- ${note}`)] : []),
    "",
  ];
  await writeFile(`${dir}ingest-latest.md`, lines.join("\n"));
  return dir;
}
