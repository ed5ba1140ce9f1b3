import { expect, test } from "@playwright/test";

// global-setup.ts gives the servers a made-up Agora App ID and certificate. Agora's cloud cannot be reached from the
// test machines, so the broadcast is exercised up to the SDK's network boundary: token, camera and microphone
// (Chromium's fake devices), the SDK's join, and the failure reason the streamer reads.

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
  },
});

const STREAMER = { email: "streamer@onair.local", password: "onair-streamer" };

test("an Agora stream is broadcast from the browser: camera preview, then the SDK's reason when Agora is unreachable", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("/studio/new")}`);
  await page.getByLabel("Email").fill(STREAMER.email);
  await page.getByLabel("Password").fill(STREAMER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/studio/new");

  await page.getByLabel(/^Title/).fill(`E2E agora ${Date.now()}`);
  await page.getByLabel("Agora (browser camera)").check();
  await page.getByRole("button", { name: "Create stream" }).click();
  await page.waitForURL(/\/studio\/(?!new)[^/?]+$/);

  const broadcast = page.getByTestId("agora-broadcast");
  await broadcast.getByTestId("agora-start").click();
  // The camera opens before the join: its video plays in the preview while the SDK tries to reach Agora.
  await expect(broadcast.locator("video")).toBeVisible({ timeout: 20_000 });
  await expect(broadcast.getByTestId("agora-error")).toContainText("Agora's servers could not be reached from this browser", {
    timeout: 60_000,
  });
  await expect(broadcast.getByRole("button", { name: "Try again" })).toBeVisible();
  await page.screenshot({ path: "/work/shots/studio-agora-desktop.png", fullPage: true });
  await context.close();
});
