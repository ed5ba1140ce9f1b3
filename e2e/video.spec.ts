import { spawn, type ChildProcess } from "node:child_process";
import { createDbClient } from "@onair/db";
import { expect, test, type Page } from "@playwright/test";
import { signedInPage } from "./sign-in";

/**
 * The whole life of a stream on OnAir's own ingest, with a real encoder (ffmpeg) and the real
 * media server, job queue and monitor that global-setup.ts starts (silence limit 8 s there):
 * scheduled in the studio → the viewer's waiting room → a wrong key refused → the encoder connects
 * → Go live → the viewer's player shows moving video → a chat message → the encoder stops
 * ("reconnecting") → the monitor ends the silent stream → the recording replays with the chat
 * message at its moment, and seeking moves the chat with it.
 */

const STREAMER = { email: "streamer@onair.local", password: "onair-streamer" };
const VIEWER = { email: "viewer@onair.local", password: "onair-viewer" };
/** Where the screenshots of the live stream and its replay go (looked at by people, not compared). */
const SHOTS = process.env.E2E_SHOTS_DIR ?? "test-results/shots";

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/video-${name}-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/video-${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** ffmpeg publishing a moving test pattern with a tone, the way OBS would (server URL + "<streamId>?key=<secret>"). */
function publish(streamKey: string): ChildProcess {
  const rtmpUrl = process.env.E2E_RTMP_URL;
  if (!rtmpUrl) throw new Error("E2E_RTMP_URL is not set: run this spec through e2e/global-setup.ts.");
  return spawn(
    "ffmpeg",
    [
      ...["-hide_banner", "-loglevel", "fatal", "-re"],
      ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-g", "30", "-b:v", "1200k"],
      ...["-c:a", "aac", "-b:a", "96k", "-f", "flv", `${rtmpUrl}/${streamKey}`],
    ],
    { stdio: ["ignore", "ignore", "ignore"] },
  );
}

async function stop(encoder: ChildProcess): Promise<void> {
  if (encoder.exitCode !== null || encoder.signalCode !== null) return;
  const exited = new Promise((resolve) => encoder.once("exit", resolve));
  encoder.kill("SIGKILL");
  await exited;
}

/** The viewer's <video>: its time and the frames it has decoded. */
function videoProgress(page: Page) {
  return page.getByTestId("player-video").evaluate((element) => {
    const video = element as HTMLVideoElement;
    return { time: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames };
  });
}

test("a creator schedules, goes live from an encoder, viewers watch and chat, the silent stream ends by itself, and the replay plays with its chat", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const encoders: ChildProcess[] = [];
  try {
    // 1. Scheduled in the studio, on OnAir's own ingest.
    const studio = await signedInPage(browser, STREAMER, "/studio/new");
    const title = `E2E video ${Date.now()}`;
    await studio.getByLabel(/^Title/).fill(title);
    const tomorrow = await studio.evaluate(() => {
      const date = new Date(Date.now() + 86_400_000);
      const two = (n: number) => String(n).padStart(2, "0");
      return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`;
    });
    await studio.getByLabel("Scheduled start (optional)").fill(tomorrow);
    await studio.getByLabel("OnAir ingest (OBS, ffmpeg)").check();
    await studio.getByRole("button", { name: "Create stream" }).click();
    await studio.waitForURL(/\/studio\/(?!new)[^/?]+$/);
    const streamId = new URL(studio.url()).pathname.split("/").pop()!;
    const db = createDbClient(process.env.E2E_DATABASE_URL!, { poolSize: 1 });
    const { slug } = await db.liveStream.findUniqueOrThrow({ where: { id: streamId }, select: { slug: true } });

    // 2. A viewer opens the stream before it starts: the waiting room.
    const viewer = await signedInPage(browser, VIEWER, `/s/${slug}`);
    await expect(viewer.getByTestId("player-state")).toHaveAttribute("data-state", "waiting");

    // 3. A wrong key is refused: the encoder is cut off and the studio still waits.
    const panel = studio.getByTestId("ingest-panel");
    await panel.getByRole("button", { name: "Show" }).click();
    const streamKey = (await panel.getByTestId("ingest-key").textContent())!;
    expect(streamKey).toMatch(new RegExp(`^${streamId}\\?key=[^•]+$`));
    const impostor = publish(`${streamId}?key=not-the-key`);
    encoders.push(impostor);
    const refusedWith = await new Promise<number | null>((resolve) => impostor.once("exit", (code) => resolve(code)));
    expect(refusedWith).not.toBe(0);
    await expect(studio.getByTestId("ingest-connection")).toHaveAttribute("data-connection", "waiting");

    // 4. The right key: the studio sees the encoder, and the creator goes live.
    const encoder = publish(streamKey);
    encoders.push(encoder);
    await expect(studio.getByTestId("ingest-connection")).toHaveAttribute("data-connection", "connected", { timeout: 30_000 });
    await expect(studio.getByTestId("studio-go-live")).toBeEnabled();
    await studio.getByTestId("studio-go-live").click();
    await expect(studio.getByTestId("studio-status")).toHaveText("LIVE");

    // 5. The viewer's player plays moving video: its time advances and frames are decoded.
    await expect(viewer.getByTestId("player-state")).toHaveAttribute("data-state", "live", { timeout: 30_000 });
    const before = await videoProgress(viewer);
    await expect.poll(async () => (await videoProgress(viewer)).time, { timeout: 15_000 }).toBeGreaterThan(before.time + 2);
    expect((await videoProgress(viewer)).frames).toBeGreaterThan(0);
    await shoot(viewer, "live");

    // 6. The viewer chats while it is live.
    const message = `at its moment ${Date.now()}`;
    await viewer.getByTestId("chat-input").fill(message);
    await viewer.getByRole("button", { name: "Send" }).click();
    await expect(viewer.getByTestId("chat-message").filter({ hasText: message })).toBeVisible();
    await viewer.waitForTimeout(3_000);

    // 7. The encoder stops: viewers see "reconnecting", then the monitor ends the silent stream (8 s here).
    await stop(encoder);
    await expect(viewer.getByTestId("player-state")).toHaveAttribute("data-state", "reconnecting", { timeout: 15_000 });
    await expect(studio.getByTestId("studio-status")).toHaveText("ENDED", { timeout: 45_000 });
    const autoEnd = await db.moderationLog.findMany({ where: { streamId, action: "STREAM_AUTO_END" } });
    expect(autoEnd).toHaveLength(1);

    // 8. The recording becomes a replay; the chat message appears when the video reaches its moment.
    await expect
      .poll(async () => (await db.recording.findMany({ where: { streamId, status: "READY" } })).length, { timeout: 60_000 })
      .toBeGreaterThan(0);
    const recording = await db.recording.findFirstOrThrow({ where: { streamId, status: "READY" }, orderBy: { startedAt: "asc" } });
    const sent = await db.chatMessage.findFirstOrThrow({ where: { streamId, body: message } });
    await db.$disconnect();
    const momentS = (sent.createdAt.getTime() - recording.startedAt.getTime()) / 1_000;
    expect(momentS).toBeGreaterThan(2);

    await viewer.reload();
    await expect(viewer.getByTestId("player-state")).toHaveAttribute("data-state", "replay", { timeout: 20_000 });
    const replayChat = viewer.getByTestId("replay-chat");
    const seek = (seconds: number) =>
      viewer.getByTestId("player-video").evaluate((element, to) => {
        const video = element as HTMLVideoElement;
        video.currentTime = to;
        void video.play();
      }, seconds);
    await seek(Math.max(0, momentS - 2));
    await expect(replayChat.getByTestId("replay-message").filter({ hasText: message })).toHaveCount(0);
    await expect(replayChat.getByTestId("replay-message").filter({ hasText: message })).toBeVisible({ timeout: 15_000 });
    await shoot(viewer, "replay");
    // Seeking back before the moment takes the message away again.
    await seek(0.5);
    await expect(replayChat.getByTestId("replay-message").filter({ hasText: message })).toHaveCount(0);
  } finally {
    await Promise.all(encoders.map(stop));
  }
});
