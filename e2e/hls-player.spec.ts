import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDbClient, type Db } from "@onair/db";
import { expect, test, type Page } from "@playwright/test";

/**
 * The HLS player against a real HLS stream: ffmpeg makes a live one (and a VOD replay) during the
 * test, served with CORS by a tiny HTTP server on a free port, as a third-party HLS host would.
 */

const SHOTS = "/work/shots";
let workDir: string;
let ffmpeg: ChildProcess;
let server: Server;
let hlsBase: string;
let db: Db;
const streamStart = new Date(Date.now() - 3_600_000);

const CONTENT_TYPES: Record<string, string> = { ".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t" };

/** While set, the HLS host answers 503 to everything (an outage). */
let hostDown = false;

function serveDirectory(root: string): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const file = path.join(root, path.normalize(url.pathname));
    response.setHeader("Access-Control-Allow-Origin", "*");
    if (hostDown) {
      response.writeHead(503).end();
      return;
    }
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
      "Cache-Control": "no-store",
    });
    createReadStream(file).pipe(response);
  });
}

const ENCODE = ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-g", "25", "-sc_threshold", "0"];

function liveSegments(playlist: string): number {
  return existsSync(playlist) ? (readFileSync(playlist, "utf8").match(/\.ts/g)?.length ?? 0) : 0;
}

test.beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "onair-hls-"));
  // The replay: a 20-second VOD playlist.
  const vod = spawnSync(
    "ffmpeg",
    [
      "-loglevel",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=640x360:rate=25",
      "-t",
      "20",
      ...ENCODE,
      "-f",
      "hls",
      "-hls_time",
      "2",
      "-hls_playlist_type",
      "vod",
      path.join(workDir, "vod.m3u8"),
    ],
    { stdio: "inherit" },
  );
  expect(vod.status).toBe(0);
  // The live stream: 1-second segments, the newest six in the playlist, older ones deleted.
  ffmpeg = spawn(
    "ffmpeg",
    [
      "-loglevel",
      "error",
      "-re",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=640x360:rate=25",
      ...ENCODE,
      "-f",
      "hls",
      "-hls_time",
      "1",
      "-hls_list_size",
      "6",
      "-hls_flags",
      "delete_segments",
      path.join(workDir, "index.m3u8"),
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  server = serveDirectory(workDir);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hlsBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await expect.poll(() => liveSegments(path.join(workDir, "index.m3u8")), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);

  db = createDbClient(process.env.E2E_DATABASE_URL!, { poolSize: 2 });
  const owner = await db.user.findUniqueOrThrow({ where: { email: "streamer@onair.local" } });
  await db.liveStream.create({
    data: {
      slug: "e2e-hls-live",
      title: "HLS live test pattern",
      ownerId: owner.id,
      status: "LIVE",
      startedAt: new Date(),
      videoProvider: "HLS",
      videoSource: `${hlsBase}/index.m3u8`,
    },
  });
  await db.liveStream.create({
    data: {
      slug: "e2e-hls-waiting",
      title: "HLS show later today",
      ownerId: owner.id,
      status: "SCHEDULED",
      scheduledStartAt: new Date(Date.now() + 2 * 3_600_000 + 5 * 60_000),
      videoProvider: "HLS",
      videoSource: `${hlsBase}/index.m3u8`,
    },
  });
  const replay = await db.liveStream.create({
    data: {
      slug: "e2e-hls-replay",
      title: "HLS replay with chat",
      ownerId: owner.id,
      status: "ENDED",
      startedAt: streamStart,
      endedAt: new Date(streamStart.getTime() + 20_000),
      videoProvider: "HLS",
      videoSource: `${hlsBase}/index.m3u8`,
      replayUrl: `${hlsBase}/vod.m3u8`,
      lastMessageSeq: 2,
    },
  });
  const viewer = await db.user.findUniqueOrThrow({ where: { email: "viewer@onair.local" } });
  await db.chatMessage.createMany({
    data: [
      { streamId: replay.id, userId: viewer.id, seq: 1, body: "first one here", createdAt: new Date(streamStart.getTime() + 500) },
      { streamId: replay.id, userId: viewer.id, seq: 2, body: "five seconds in", createdAt: new Date(streamStart.getTime() + 5_000) },
    ],
  });
});

test.afterAll(async () => {
  if (ffmpeg && ffmpeg.exitCode === null) {
    const exited = new Promise((resolve) => ffmpeg.once("exit", resolve));
    ffmpeg.kill("SIGTERM");
    await exited;
  }
  await new Promise((resolve) => server?.close(resolve));
  await db?.$disconnect();
  rmSync(workDir, { recursive: true, force: true });
});

const video = (page: Page) => page.getByTestId("player-video");
const mediaTime = (page: Page) => video(page).evaluate((element: HTMLVideoElement) => element.currentTime);

async function seek(page: Page, seconds: number) {
  await video(page).evaluate(async (element: HTMLVideoElement, to: number) => {
    element.pause();
    const seeked = new Promise((resolve) => element.addEventListener("seeked", resolve, { once: true }));
    element.currentTime = to;
    await seeked;
  }, seconds);
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/player-${name}-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/player-${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.use({ viewport: { width: 1280, height: 800 } });

test("a live HLS stream plays: the player says live, its time advances and frames are decoded", async ({ page }) => {
  await page.goto("/s/e2e-hls-live");
  const state = page.getByTestId("player-state");
  await expect(state).toHaveAttribute("data-state", "live", { timeout: 30_000 });
  await expect(state).toHaveText("Live");
  const start = await mediaTime(page);
  await expect.poll(() => mediaTime(page), { timeout: 15_000 }).toBeGreaterThan(start + 1);
  await expect
    .poll(() => video(page).evaluate((element: HTMLVideoElement) => element.getVideoPlaybackQuality().totalVideoFrames))
    .toBeGreaterThan(0);
  await expect(page.getByRole("button", { name: "Unmute" })).toBeVisible();
  await page.getByRole("button", { name: "Unmute" }).click();
  await expect(page.getByRole("button", { name: "Unmute" })).toBeHidden();
  await shoot(page, "live");
});

test("when the HLS host goes away the player says it is reconnecting, and is live again when the host is back", async ({ page }) => {
  await page.goto("/s/e2e-hls-live");
  const state = page.getByTestId("player-state");
  await expect(state).toHaveAttribute("data-state", "live", { timeout: 30_000 });
  hostDown = true;
  try {
    await expect(state).toHaveAttribute("data-state", "reconnecting", { timeout: 30_000 });
    await expect(state).toContainText("Reconnecting…");
  } finally {
    hostDown = false;
  }
  await expect(state).toHaveAttribute("data-state", "live", { timeout: 30_000 });
  const resumedAt = await mediaTime(page);
  await expect.poll(() => mediaTime(page), { timeout: 15_000 }).toBeGreaterThan(resumedAt + 1);
});

test("a scheduled stream shows its waiting room with the start time and a countdown", async ({ page }) => {
  await page.goto("/s/e2e-hls-waiting");
  const state = page.getByTestId("player-state");
  await expect(state).toHaveAttribute("data-state", "waiting");
  await expect(state).toContainText("Starting soon");
  await expect(state).toContainText("HLS show later today");
  await expect(state).toContainText("Scheduled for");
  await expect(state.locator(".player-countdown")).toHaveText(/^Starts in 2 h \d+ min$/);
  await expect(page.getByTestId("player-video")).toHaveCount(0);
  await shoot(page, "waiting");
});

test("an ended HLS stream replays with its chat in step: a message appears when the video reaches it, seeking back hides it", async ({
  page,
}) => {
  await page.goto("/s/e2e-hls-replay");
  await expect(page.getByTestId("player-state")).toHaveAttribute("data-state", "replay", { timeout: 30_000 });
  const chat = page.getByTestId("replay-chat");
  const fiveIn = chat.getByTestId("replay-message").filter({ hasText: "five seconds in" });
  const first = chat.getByTestId("replay-message").filter({ hasText: "first one here" });

  // At 2 s the chat shows what was sent by then (the first message), not the one sent at 5 s.
  await seek(page, 2);
  await expect(first).toBeVisible();
  await expect(fiveIn).toHaveCount(0);

  // Playing on from 3 s, the message appears once the video passes 5 s.
  await seek(page, 3);
  await video(page).evaluate((element: HTMLVideoElement) => element.play());
  await expect(fiveIn).toBeVisible({ timeout: 15_000 });
  expect(await mediaTime(page)).toBeGreaterThanOrEqual(5);
  await shoot(page, "replay");

  // Seeking back to 1 s hides it again.
  await seek(page, 1);
  await expect(fiveIn).toHaveCount(0);
  await expect(first).toBeVisible();

  // The closed chat's full history stays one click away.
  await chat.getByRole("button", { name: "All messages" }).click();
  await expect(page.getByTestId("chat-message")).toHaveCount(2);
  await page.getByRole("button", { name: "← Back to the chat replay" }).click();
  await expect(page.getByTestId("replay-chat")).toBeVisible();
});
