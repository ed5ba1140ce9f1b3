import { createDbClient, type Db, type StreamCreationPolicy } from "@onair/db";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

const ADMIN = { email: "admin@onair.local", password: "onair-admin" };
const VIEWER = { email: "viewer@onair.local", password: "onair-viewer" };

let db: Db;
let policyBefore: StreamCreationPolicy;

test.beforeAll(async () => {
  db = createDbClient(process.env.E2E_DATABASE_URL!, { poolSize: 1 });
  policyBefore = (await db.siteSettings.findUniqueOrThrow({ where: { id: 1 } })).streamCreation;
});

// Other specs create streams as the demo users: leave the site and the viewer as they were.
test.afterAll(async () => {
  await db.siteSettings.update({ where: { id: 1 }, data: { streamCreation: policyBefore } });
  await db.user.update({ where: { email: "viewer@onair.local" }, data: { canCreateStreams: false } });
  await db.$disconnect();
});

/** The viewer's own studio.capabilities, read over HTTP with their session (what the studio asks before offering "New stream"). */
async function viewerMayCreate(viewer: Page): Promise<boolean> {
  const response = await viewer.request.get("/api/trpc/studio.capabilities");
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: { canCreate: boolean } } } };
  return body.result.data.json.canCreate;
}

async function signedInViewer(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, VIEWER, "/");
  return page;
}

test("an admin limits stream creation to creators and makes a user a creator", async ({ page, browser }) => {
  const viewerPage = await signedInViewer(browser);
  expect(await viewerMayCreate(viewerPage)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, ADMIN, "/admin");
  const setting = page.getByRole("region", { name: "Who may create streams" });
  await expect(setting.getByRole("radio", { name: /^Everyone/ })).toBeChecked();

  await setting.getByRole("radio", { name: /^Only creators/ }).check();
  await setting.getByRole("button", { name: "Save" }).click();
  await expect(setting.getByRole("status")).toHaveText("Only creators can now create streams.");
  await expect(setting.getByRole("button", { name: "Save" })).toBeDisabled();
  expect((await db.siteSettings.findUniqueOrThrow({ where: { id: 1 } })).streamCreation).toBe("CREATORS");
  expect(await viewerMayCreate(viewerPage)).toBe(false);

  const users = page.getByTestId("user-search");
  await users.getByLabel("Search username, name or email").fill("viewer@onair.local");
  await users.getByRole("button", { name: "Search" }).click();
  const viewer = page.getByTestId("admin-user").and(page.locator('[data-username="viewer"]'));
  await expect(page.getByTestId("admin-user")).toHaveCount(1);
  const toggle = viewer.getByRole("switch", { name: "Creator: @viewer may create streams" });
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(viewer.getByRole("status")).toHaveText("@viewer may now create streams.");
  await expect(viewer.getByTestId("creator-badge")).toBeVisible();
  await expect(toggle).toBeChecked();
  expect((await db.user.findUniqueOrThrow({ where: { email: "viewer@onair.local" } })).canCreateStreams).toBe(true);
  expect(await viewerMayCreate(viewerPage)).toBe(true);

  // The creators filter finds them; the site-wide log shows both changes.
  await users.getByRole("checkbox", { name: "Only creators" }).check();
  await users.getByLabel("Search username, name or email").fill("");
  await users.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("admin-user").and(page.locator('[data-username="viewer"]'))).toHaveCount(1);
  await expect(page.getByTestId("admin-user").and(page.locator('[data-username="mod"]'))).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-testid="log-entry"][data-action="CREATOR_GRANT"]').first()).toContainText("viewer");
  await expect(page.locator('[data-testid="log-entry"][data-action="SITE_SETTINGS_UPDATE"]').first()).toBeVisible();

  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `/work/shots/browse-admin-${size}.png`, fullPage: size === "desktop" });
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  await users.getByLabel("Search username, name or email").fill("viewer@onair.local");
  await users.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("admin-user")).toHaveCount(1);
  const revoke = page.getByTestId("admin-user").and(page.locator('[data-username="viewer"]'));
  await revoke.getByRole("switch", { name: "Creator: @viewer may create streams" }).uncheck();
  await expect(revoke.getByRole("status")).toHaveText("@viewer is no longer a creator.");
  expect((await db.user.findUniqueOrThrow({ where: { email: "viewer@onair.local" } })).canCreateStreams).toBe(false);
  expect(await viewerMayCreate(viewerPage)).toBe(false);
});
