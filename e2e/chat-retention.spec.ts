import { createDbClient, type Db } from "@onair/db";
import { expect, test, type Page } from "@playwright/test";
import { shotPath } from "./shop-fixtures";
import { signIn } from "./sign-in";

const ADMIN = { email: "admin@onair.local", password: "onair-admin" };

let db: Db;

test.beforeAll(() => {
  db = createDbClient(process.env.E2E_DATABASE_URL!, { poolSize: 1 });
});

// Other specs read the seeded chat: leave chat kept forever, as the demo has it.
test.afterAll(async () => {
  await db.siteSettings.update({ where: { id: 1 }, data: { chatRetentionDays: null, chatRetentionMode: "ARCHIVE" } });
  await db.$disconnect();
});

function retention(page: Page) {
  return page.getByRole("region", { name: "Chat retention" });
}

test("an admin sets how long chat is kept and sees the archiver's runs", async ({ page }) => {
  const cutoff = new Date(Date.now() - 30 * 24 * 3600_000);
  const run = await db.chatArchiveRun.create({
    data: { mode: "ARCHIVE", cutoff, startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(), archived: 1234 },
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, ADMIN, "/admin");
  const setting = retention(page);
  await expect(setting.getByRole("radio", { name: /^Keep chat forever/ })).toBeChecked();
  await expect(setting.getByRole("button", { name: "Save" })).toBeDisabled();

  await setting.getByRole("radio", { name: /^Keep chat for a number of days/ }).check();
  const days = setting.getByLabel("Days in the live chat");
  await days.fill("0");
  await expect(setting.getByText("Keep chat at least 1 day.")).toBeVisible();
  await expect(days).toHaveAttribute("aria-invalid", "true");
  await expect(setting.getByRole("button", { name: "Save" })).toBeDisabled();

  await days.fill("30");
  await setting.getByRole("radio", { name: /^Archive/ }).check();
  await setting.getByRole("button", { name: "Save" }).click();
  await expect(setting.getByRole("status")).toHaveText("Chat older than 30 days will be archived by the next hourly run.");
  const saved = await db.siteSettings.findUniqueOrThrow({ where: { id: 1 } });
  expect([saved.chatRetentionDays, saved.chatRetentionMode]).toEqual([30, "ARCHIVE"]);
  // The change is in the site-wide audit log.
  expect(
    await db.moderationLog.count({ where: { action: "SITE_SETTINGS_UPDATE", streamId: null, createdAt: { gte: run.startedAt } } }),
  ).toBeGreaterThan(0);

  const runs = setting.getByTestId("archive-run");
  await expect(runs.first()).toContainText("1,234 archived");
  await expect(runs.first()).toContainText("Done");
  await setting.scrollIntoViewIfNeeded();
  await setting.screenshot({ path: shotPath("chat-retention-desktop") });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(retention(page).getByLabel("Days in the live chat")).toHaveValue("30");
  await retention(page).scrollIntoViewIfNeeded();
  await retention(page).screenshot({ path: shotPath("chat-retention-phone") });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
