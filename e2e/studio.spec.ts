import { spawn } from "node:child_process";
import { gradientPng } from "./png";
import { expect, test, type Page } from "@playwright/test";
import { signedInPage } from "./sign-in";
import { expectNoViolations } from "./axe";

const STREAMER = { email: "streamer@onair.local", password: "onair-streamer" };
const VIEWER = { email: "viewer@onair.local", password: "onair-viewer" };
const SHOTS = "/work/shots";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** A datetime-local value `days` from now on the browser's own clock and time zone. */
function browserDateTimeLocal(page: Page, days: number): Promise<string> {
  return page.evaluate((offsetDays) => {
    const date = new Date(Date.now() + offsetDays * 86_400_000);
    const two = (n: number) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`;
  }, days);
}

/** Screenshots on a desktop and a 390-px phone, each checked with axe. */
async function shoot(page: Page, name: string) {
  for (const [viewport, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    // The site header is sticky: from the top, a full-page shot shows it once, where it belongs.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/studio-${name}-${viewport}.png`, fullPage: true });
    await expectNoViolations(page, `${name} (${viewport})`);
  }
  await page.setViewportSize(DESKTOP);
}

test("anonymous visitors are sent to sign in first", async ({ page }) => {
  await page.goto("/studio");
  await page.waitForURL("**/signin?callbackUrl=%2Fstudio");
});

test("a streamer schedules a stream with a thumbnail, fixes bad input, edits it and deletes it; others cannot manage it", async ({
  browser,
}) => {
  const page = await signedInPage(browser, STREAMER, "/studio");
  await expect(page.getByRole("heading", { name: "Studio", level: 1 })).toBeVisible();
  await page.getByTestId("studio-new").click();
  await page.waitForURL("**/studio/new");

  const title = `E2E studio ${Date.now()}`;
  await page.getByLabel(/^Title/).fill(title);
  await page.getByLabel("Description (optional)").fill("Made by the studio e2e test.");
  // A schedule in the past: refused with its own sentence, next to the field.
  await page.getByLabel("Scheduled start (optional)").fill("2020-01-01T10:00");
  await page.getByLabel("YouTube", { exact: true }).check();
  await page.getByLabel("YouTube video URL or id").fill("https://example.com/watch?v=dQw4w9WgXcQ");
  await page
    .getByLabel("Thumbnail")
    .setInputFiles({ name: "thumbnail.png", mimeType: "image/png", buffer: gradientPng(320, 180, [0, 80, 160], [255, 80, 160]) });
  await expect(page.getByTestId("thumbnail-preview").getByRole("img")).toBeVisible();
  await page.getByRole("button", { name: "Create stream" }).click();
  await expect(page.getByTestId("error-scheduledStart")).toHaveText("The scheduled start is in the past.");
  await expect(page.getByLabel("Scheduled start (optional)")).toBeFocused();

  // A bad YouTube URL: the server refuses it, and its sentence shows next to the URL; nothing typed is lost.
  await page.getByLabel("Scheduled start (optional)").fill(await browserDateTimeLocal(page, 2));
  await page.getByRole("button", { name: "Create stream" }).click();
  await expect(page.getByTestId("error-youtubeSource")).toHaveText("That is not a YouTube video URL or id.");
  await expect(page.getByLabel(/^Title/)).toHaveValue(title);
  await expect(page.getByTestId("thumbnail-preview").getByRole("img")).toBeVisible();
  await shoot(page, "form");

  await page.getByLabel("YouTube video URL or id").fill("https://www.youtube.com/watch?v=aqz-KE-bpKQ");
  await page.getByRole("button", { name: "Create stream" }).click();
  await page.waitForURL(/\/studio\/(?!new)[^/?]+$/);
  const manageUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByTestId("studio-status")).toHaveText("SCHEDULED");
  await expect(page.getByTestId("thumbnail-preview").getByRole("img")).toHaveAttribute("src", /^\/media\/thumbnails\//);

  // Listed under Scheduled with its thumbnail.
  await page.goto("/studio");
  const row = page.getByTestId("studio-group-scheduled").getByTestId("studio-stream").filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("studio-status")).toHaveText("SCHEDULED");
  await shoot(page, "list");

  // Edit the title.
  await row.getByRole("link", { name: `Manage ${title}` }).click();
  await page.waitForURL(`**${manageUrl}`);
  const renamed = `${title} (renamed)`;
  await page.getByLabel(/^Title/).fill(renamed);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.goto("/studio");
  await expect(page.getByTestId("studio-group-scheduled").getByTestId("studio-stream").filter({ hasText: renamed })).toBeVisible();

  // Another signed-in person gets the forbidden page, not the manager.
  const viewer = await signedInPage(browser, VIEWER, "/");
  const response = await viewer.goto(manageUrl);
  expect(response?.status()).toBe(403);
  await expect(viewer.getByTestId("studio-forbidden")).toBeVisible();
  await expect(viewer.getByTestId("stream-form")).toHaveCount(0);
  await viewer.context().close();

  // Delete (it never went live): back to the studio, gone from the list.
  await page.goto(manageUrl);
  await page.getByTestId("studio-delete").click();
  await page.getByTestId("studio-delete-confirm").click();
  await page.waitForURL(/\/studio$/);
  await expect(page.getByTestId("studio-stream").filter({ hasText: renamed })).toHaveCount(0);
  const gone = await page.goto(manageUrl);
  expect(gone?.status()).toBe(404);
  await page.context().close();
});

/** ffmpeg publishing a moving test pattern with a tone to the e2e media server (the stream key as OBS would send it). */
function publishTestPattern(streamKey: string) {
  const rtmpUrl = process.env.E2E_RTMP_URL;
  if (!rtmpUrl) throw new Error("E2E_RTMP_URL is not set: run this spec through e2e/global-setup.ts.");
  // The key is "<streamId>?key=<secret>": a path and a query.
  const encoder = spawn(
    "ffmpeg",
    [
      ...["-hide_banner", "-loglevel", "fatal", "-re"],
      ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30"],
      ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-g", "30", "-b:v", "1500k"],
      ...["-c:a", "aac", "-b:a", "96k", "-f", "flv", `${rtmpUrl}/${streamKey}`],
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  return {
    stop: async () => {
      if (encoder.exitCode !== null) return;
      const exited = new Promise((resolve) => encoder.once("exit", resolve));
      encoder.kill("SIGTERM");
      await exited;
    },
  };
}

test("an OnAir ingest stream: server and masked key (show, copy, rotate), then the encoder's health, go live and end", async ({
  browser,
}) => {
  const page = await signedInPage(browser, STREAMER, "/studio/new");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByLabel(/^Title/).fill(`E2E ingest ${Date.now()}`);
  await page.getByLabel("OnAir ingest (OBS, ffmpeg)").check();
  await page.getByRole("button", { name: "Create stream" }).click();
  await page.waitForURL(/\/studio\/(?!new)[^/?]+$/);
  const streamId = new URL(page.url()).pathname.split("/").pop()!;

  const panel = page.getByTestId("ingest-panel");
  await expect(panel.getByTestId("ingest-server")).toHaveText(/^rtmp:\/\/.+\/live$/);
  const key = panel.getByTestId("ingest-key");
  await expect(key).toHaveText(`${streamId}?key=••••••••••••••••`);
  await expect(page.getByTestId("ingest-connection")).toHaveAttribute("data-connection", "waiting");
  await expect(page.getByTestId("studio-go-live")).toBeDisabled();
  // Shot while the key is masked: these pictures go into notes.
  await shoot(page, "manager");

  await panel.getByRole("button", { name: "Show" }).click();
  const firstKey = (await key.textContent())!;
  expect(firstKey).toMatch(new RegExp(`^${streamId}\\?key=[^•]+$`));
  await panel.getByTestId("ingest-copy-key").click();
  await expect(panel.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstKey);

  await panel.getByTestId("ingest-rotate").click();
  await expect(panel.getByText("The old key stops working at once")).toBeVisible();
  await panel.getByTestId("ingest-rotate-confirm").click();
  await expect(panel.getByRole("status").filter({ hasText: "New key made" })).toBeVisible();
  await expect(key).not.toHaveText(firstKey);
  await expect(key).toHaveText(new RegExp(`^${streamId}\\?key=[^•]+$`));

  // The encoder connects with the new key: connected, its numbers, and Go live unlocks.
  const encoder = publishTestPattern((await key.textContent())!);
  try {
    await expect(page.getByTestId("ingest-connection")).toHaveAttribute("data-connection", "connected", { timeout: 30_000 });
    await expect(page.getByTestId("ingest-health")).toContainText("640×360");
    await expect(page.getByTestId("ingest-health")).toContainText(/[1-9][\d,]* kbps/);
    await expect(page.getByTestId("studio-go-live")).toBeEnabled();
    // The owner's preview plays what the encoder sends before viewers can see it.
    const preview = page.getByTestId("ingest-preview");
    await expect(preview.getByRole("heading", { name: "Preview — viewers cannot see this yet" })).toBeVisible();
    await expect(preview.getByTestId("player-state")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
    await panel.getByRole("button", { name: "Hide" }).click();
    await shoot(page, "manager-encoder");

    await page.getByTestId("studio-go-live").click();
    await expect(page.getByTestId("studio-status")).toHaveText("LIVE");
    await expect(page.getByTestId("studio-live-numbers")).toContainText("watching");
    await expect(preview).toHaveCount(0);

    await page.getByTestId("studio-end").click();
    await page.getByTestId("studio-end-confirm").click();
    await expect(page.getByTestId("studio-status")).toHaveText("ENDED");
  } finally {
    await encoder.stop();
  }
  await page.context().close();
});
