import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./sign-in";
import { expectNoViolations } from "./axe";

// WCAG 2.1 level A and AA. Every page and every dashboard tab must have no violation at all.

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// A demo live stream the other specs only read.
const SLUG = "lofi-live";

const OWNER = { email: "streamer@onair.local", password: "onair-streamer" };
const VIEWER = { email: "viewer@onair.local", password: "onair-viewer" };
const ADMIN = { email: "admin@onair.local", password: "onair-admin" };

async function newPage(browser: Browser, viewport = DESKTOP): Promise<Page> {
  return (await browser.newContext({ viewport })).newPage();
}

test("the public pages, signed out, have no WCAG 2.1 AA violations", async ({ browser }) => {
  for (const viewport of [DESKTOP, PHONE]) {
    const page = await newPage(browser, viewport);
    const size = `${viewport.width} px`;
    await page.goto("/");
    await expect(page.getByRole("heading").first()).toBeVisible();
    await expectNoViolations(page, `home at ${size}`);

    await page.goto(`/s/${SLUG}`);
    await expect(page.getByTestId("chat-connection")).toHaveText("Connected");
    await expectNoViolations(page, `stream page signed out at ${size}`);

    await page.goto("/signin");
    await expect(page.getByLabel("Email")).toBeVisible();
    await expectNoViolations(page, `sign-in at ${size}`);

    await page.goto("/signup");
    await expect(page.getByLabel("Username")).toBeVisible();
    await expectNoViolations(page, `sign-up at ${size}`);
    await page.context().close();
  }
});

test("the signed-in pages and the 403 pages have no WCAG 2.1 AA violations", async ({ browser }) => {
  const viewer = await newPage(browser);
  await signIn(viewer, VIEWER, `/s/${SLUG}`);
  await expect(viewer.getByTestId("chat-connection")).toHaveText("Connected");
  await expectNoViolations(viewer, "stream page signed in");
  await viewer.goto("/");
  await expectNoViolations(viewer, "home signed in");
  await viewer.goto("/mod");
  await expect(viewer.getByTestId("mod-empty")).toBeVisible();
  await expectNoViolations(viewer, "/mod with nothing to moderate");
  await viewer.goto(`/mod/${SLUG}`);
  await expect(viewer.getByRole("heading", { name: "You don't moderate this stream" })).toBeVisible();
  await expectNoViolations(viewer, "the dashboard's 403 page");
  await viewer.goto("/admin");
  await expect(viewer.getByTestId("admin-forbidden")).toBeVisible();
  await expectNoViolations(viewer, "the admin 403 page");

  const admin = await newPage(browser);
  await signIn(admin, ADMIN, "/admin");
  await expect(admin.getByLabel("Search username, name or email")).toBeVisible();
  await expectNoViolations(admin, "/admin");
  await admin.goto("/mod");
  await expect(admin.getByTestId("mod-stream").first()).toBeVisible();
  await expectNoViolations(admin, "/mod with streams");
});

test("every tab of the moderator dashboard has no WCAG 2.1 AA violations, on desktop and phone", async ({ browser }) => {
  for (const viewport of [DESKTOP, PHONE]) {
    const page = await newPage(browser, viewport);
    await signIn(page, OWNER, `/mod/${SLUG}`);
    await expect(page.getByTestId("mod-chat-connection")).toHaveText("Connected");
    const tabs = page.getByRole("tablist", { name: "Dashboard sections" }).getByRole("tab");
    const count = await tabs.count();
    expect(count).toBeGreaterThanOrEqual(5);
    for (let index = 0; index < count; index += 1) {
      const tab = tabs.nth(index);
      const name = (await tab.textContent()) ?? "";
      await tab.click();
      await expect(tab).toHaveAttribute("aria-selected", "true");
      await expect(page.getByRole("tabpanel")).toBeVisible();
      await expectNoViolations(page, `the dashboard's "${name}" tab at ${viewport.width} px`);
    }
    await page.context().close();
  }
});

async function send(page: Page, text: string) {
  const response = page.waitForResponse((candidate) => candidate.url().includes("chat.send"));
  await page.getByTestId("chat-input").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  expect((await response).ok()).toBe(true);
}

test("the dashboard's chat actions, user card and held messages have no WCAG 2.1 AA violations", async ({ browser }) => {
  const dashboard = await newPage(browser);
  await signIn(dashboard, OWNER, `/mod/${SLUG}`);
  await expect(dashboard.getByTestId("mod-chat-connection")).toHaveText("Connected");
  const viewer = await newPage(browser);
  await signIn(viewer, VIEWER, `/s/${SLUG}`);
  await expect(viewer.getByTestId("chat-connection")).toHaveText("Connected");

  const text = `a11y check ${Date.now()}`;
  await send(viewer, text);
  const row = dashboard.getByTestId("mod-chat-message").filter({ hasText: text });
  await row.getByRole("button", { name: "More actions for @viewer" }).click();
  await expect(row.getByRole("button", { name: "Timeout @viewer for 10 min" })).toBeVisible();
  await expectNoViolations(dashboard, "the dashboard with a message's actions open");

  await row.getByRole("button", { name: "Vic Viewer" }).click();
  await expect(dashboard.getByTestId("user-card-message-count")).toBeVisible();
  await expectNoViolations(dashboard, "the dashboard with a user card open");
  await dashboard.getByRole("button", { name: "Close user card" }).click();

  // A held message in the queue (a term of this test's own, removed at the end).
  const term = `axeheld${Date.now()
    .toString(36)
    .replace(/\d/g, (digit) => "abcdefghij"[Number(digit)]!)}`;
  await dashboard.getByRole("tab", { name: "Terms" }).click();
  await dashboard.getByLabel("Term", { exact: true }).fill(term);
  await dashboard.getByLabel("Action", { exact: true }).selectOption("HOLD");
  await dashboard.getByRole("button", { name: "Add term" }).click();
  await expect(dashboard.getByTestId("term").filter({ hasText: term })).toContainText("hold");
  await send(viewer, `is ${term} fine?`);
  await dashboard.getByRole("tab", { name: /^Queue/ }).click();
  const held = dashboard.getByTestId("held-message").filter({ hasText: term });
  await expect(held).toBeVisible();
  await expectNoViolations(dashboard, "the dashboard with a held message");

  await held.getByRole("button", { name: "Deny message from @viewer" }).click();
  await expect(held).toHaveCount(0);
  await dashboard.getByRole("tab", { name: "Terms" }).click();
  await dashboard.getByRole("button", { name: `Remove term ${term}` }).click();
  await expect(dashboard.getByTestId("term").filter({ hasText: term })).toHaveCount(0);
});

test("the dashboard's tabs follow the ARIA tabs pattern: one tab stop, arrow keys, Home and End", async ({ browser }) => {
  for (const viewport of [DESKTOP, PHONE]) {
    const page = await newPage(browser, viewport);
    await signIn(page, OWNER, `/mod/${SLUG}`);
    await expect(page.getByTestId("mod-chat-connection")).toHaveText("Connected");
    const tablist = page.getByRole("tablist", { name: "Dashboard sections" });
    const tabs = tablist.getByRole("tab");
    const names = (await tabs.allTextContents()).map((name) => name.trim());
    // On a wide screen the chat is always on screen beside the tabs, so it is not one of them.
    const first = viewport === DESKTOP ? "Queue" : "Chat";
    expect(names[0]).toBe(first);
    expect(names.includes("Chat")).toBe(viewport === PHONE);
    // The owner also runs the stream's shop: its tab comes last.
    const last = names.at(-1)!;
    expect(last).toBe("Shop");
    expect(names.at(-2)).toBe("Audit log");

    // The selected tab is a visible one, and it is the only tab in the Tab order.
    const selected = tablist.getByRole("tab", { selected: true });
    await expect(selected).toHaveCount(1);
    await expect(selected).toBeVisible();
    await expect(selected).toHaveText(first);
    await expect(selected).toHaveAttribute("tabindex", "0");
    await expect(tablist.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
    const panel = page.getByRole("tabpanel");
    await expect(panel).toBeVisible();
    await expect(panel).toHaveAttribute("aria-labelledby", (await selected.getAttribute("id"))!);

    await selected.focus();
    await page.keyboard.press("ArrowRight");
    const second = tablist.getByRole("tab", { name: names[1]!, exact: true });
    await expect(second).toBeFocused();
    await expect(second).toHaveAttribute("aria-selected", "true");
    await expect(second).toHaveAttribute("tabindex", "0");
    await expect(tablist.getByRole("tab", { name: first, exact: true })).toHaveAttribute("tabindex", "-1");
    await expect(page.getByRole("tabpanel")).toHaveAttribute("aria-labelledby", (await second.getAttribute("id"))!);

    await page.keyboard.press("End");
    await expect(tablist.getByRole("tab", { name: last })).toBeFocused();
    await expect(tablist.getByRole("tab", { name: last })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel")).toContainText("Shelf");

    // Past the last tab, ArrowRight wraps to the first; ArrowLeft wraps back.
    await page.keyboard.press("ArrowRight");
    await expect(tablist.getByRole("tab", { name: first, exact: true })).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await expect(tablist.getByRole("tab", { name: last })).toBeFocused();

    await page.keyboard.press("Home");
    await expect(tablist.getByRole("tab", { name: first, exact: true })).toBeFocused();
    await expect(tablist.getByRole("tab", { name: first, exact: true })).toHaveAttribute("aria-selected", "true");

    // Tab leaves the tab list for the selected panel's content instead of walking through every tab.
    await page.keyboard.press("Tab");
    await expect(tablist.getByRole("tab").filter({ has: page.locator(":focus") })).toHaveCount(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).not.toBe("tab");
    await page.context().close();
  }
});

test("the connection status, new chat and held messages are announced politely on the dashboard and the viewer's page", async ({
  browser,
}) => {
  const viewer = await newPage(browser);
  await viewer.goto(`/s/${SLUG}`);
  await expect(viewer.getByTestId("chat-connection")).toHaveText("Connected");
  await expect(viewer.getByTestId("chat-connection")).toHaveAttribute("aria-live", "polite");
  await expect(viewer.getByTestId("chat-messages")).toHaveAttribute("aria-live", "polite");

  const dashboard = await newPage(browser);
  await signIn(dashboard, OWNER, `/mod/${SLUG}`);
  await expect(dashboard.getByTestId("mod-chat-connection")).toHaveText("Connected");
  await expect(dashboard.getByTestId("mod-chat-connection")).toHaveAttribute("aria-live", "polite");
  await expect(dashboard.getByTestId("mod-chat-messages")).toHaveAttribute("aria-live", "polite");
  await expect(dashboard.getByTestId("queue-live")).toHaveAttribute("aria-live", "polite");
});
