import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

// The spec's own live stream (created in global-setup.ts), so terms and chat modes set here affect no other spec.
const SLUG = "e2e-moderation";
const DASHBOARD = `/mod/${SLUG}`;
const STREAM = `/s/${SLUG}`;

const MODERATOR = { email: "moderator@onair.local", password: "onair-moderator" };
const VIEWER = { email: "viewer@onair.local", password: "onair-viewer" };
const ADMIN = { email: "admin@onair.local", password: "onair-admin" };

async function openDashboard(browser: Browser, account = MODERATOR) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, account, DASHBOARD);
  await expect(page.getByTestId("mod-chat-connection")).toHaveText("Connected");
  return page;
}

async function openStream(browser: Browser, account: { email: string; password: string } | null) {
  const page = await (await browser.newContext()).newPage();
  if (account) await signIn(page, account, STREAM);
  else await page.goto(STREAM);
  await expect(page.getByTestId("chat-connection")).toHaveText("Connected");
  return page;
}

/** Letters only: the filter reads digits as l33t-speak letters, so a term with digits would never match. */
function uniqueWord(prefix: string): string {
  return (
    prefix +
    Date.now()
      .toString(36)
      .replace(/\d/g, (digit) => "abcdefghij"[Number(digit)]!)
  );
}

async function send(page: Page, text: string) {
  const response = page.waitForResponse((candidate) => candidate.url().includes("chat.send"));
  await page.getByTestId("chat-input").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  const body = (await (await response).json()) as Array<{ result?: { data: { json: { status: string } } }; error?: unknown }>;
  return body[0]!;
}

async function addHoldTerm(dashboard: Page, term: string) {
  await dashboard.getByRole("tab", { name: "Terms" }).click();
  await dashboard.getByLabel("Term", { exact: true }).fill(term);
  await dashboard.getByLabel("Action", { exact: true }).selectOption("HOLD");
  await dashboard.getByRole("button", { name: "Add term" }).click();
  await expect(dashboard.getByTestId("term").filter({ hasText: term })).toContainText("hold");
  await expect(dashboard.getByLabel("Term", { exact: true })).toHaveValue("");
}

test("a moderator deletes a viewer's message and it vanishes from viewers' pages within 2 s", async ({ browser }) => {
  const dashboard = await openDashboard(browser);
  const viewer = await openStream(browser, VIEWER);
  const anonymous = await openStream(browser, null);

  const text = `delete me ${Date.now()}`;
  const sent = await send(viewer, text);
  expect(sent.result?.data.json.status).toBe("VISIBLE");
  await expect(anonymous.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(1);

  const row = dashboard.getByTestId("mod-chat-message").filter({ hasText: text });
  await expect(row).toContainText("Vic Viewer");
  await row.getByRole("button", { name: "Delete message from @viewer" }).click();

  await expect(viewer.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(0, { timeout: 2_000 });
  await expect(anonymous.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(0, { timeout: 2_000 });
  await expect(row).toHaveCount(0, { timeout: 2_000 });

  // The deletion reached the audit log live, without a reload.
  await dashboard.getByRole("tab", { name: "Audit log" }).click();
  await expect(dashboard.getByTestId("log-entry").first()).toHaveAttribute("data-action", "MESSAGE_DELETE");
  await expect(dashboard.getByTestId("log-entry").first()).toContainText("@mod");
  await expect(dashboard.getByTestId("log-entry").first()).toContainText("@viewer");

  // Still gone after a reload (deleted from history, not only hidden).
  await viewer.reload();
  await expect(viewer.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(0);
});

test("a message held by a custom term shows up in the queue live, and approving it publishes it to viewers", async ({ browser }) => {
  const dashboard = await openDashboard(browser);
  const term = uniqueWord("heldword");
  await addHoldTerm(dashboard, term);

  const viewer = await openStream(browser, VIEWER);
  const anonymous = await openStream(browser, null);
  await dashboard.getByRole("tab", { name: /^Queue/ }).click();
  await expect(dashboard.getByTestId("queue-empty")).toBeVisible();

  const text = `is ${term} allowed here?`;
  const sent = await send(viewer, text);
  expect(sent.result?.data.json.status).toBe("HELD");

  const held = dashboard.getByTestId("held-message").filter({ hasText: text });
  await expect(held).toBeVisible({ timeout: 2_000 });
  await expect(held).toContainText("Vic Viewer");
  await expect(held.locator(".mod-held-reason")).toHaveText(`Held: ${term}`);
  await expect(dashboard.getByRole("tab", { name: "Queue (1)" })).toBeVisible();
  // Nobody else sees a held message.
  await expect(anonymous.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(0);

  await held.getByRole("button", { name: "Approve" }).click();
  await expect(held).toHaveCount(0);
  await expect(dashboard.getByTestId("queue-empty")).toBeVisible();
  await expect(anonymous.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(1, { timeout: 2_000 });
  await expect(anonymous.getByTestId("chat-message").filter({ hasText: text })).toContainText("Vic Viewer");
  await expect(dashboard.getByTestId("mod-chat-message").filter({ hasText: text })).toHaveCount(1);
});

test("denying a held message removes it from the queue; the audit log and its CSV export show what happened", async ({ browser }) => {
  const dashboard = await openDashboard(browser);
  const term = uniqueWord("denyword");
  await addHoldTerm(dashboard, term);

  const viewer = await openStream(browser, VIEWER);
  const text = `sneaky ${term} message`;
  expect((await send(viewer, text)).result?.data.json.status).toBe("HELD");

  await dashboard.getByRole("tab", { name: /^Queue/ }).click();
  const held = dashboard.getByTestId("held-message").filter({ hasText: text });
  await expect(held).toBeVisible({ timeout: 2_000 });
  const messageId = await held.getAttribute("data-message-id");
  await held.getByRole("button", { name: "Deny" }).click();
  await expect(held).toHaveCount(0);

  // A denied message never reaches the chat, not even after a reload.
  await viewer.reload();
  await expect(viewer.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(0);

  await dashboard.getByRole("tab", { name: "Audit log" }).click();
  const entries = dashboard.getByTestId("log-entry");
  await expect(dashboard.locator('[data-testid="log-entry"][data-action="MESSAGE_DENY"]').first()).toContainText("@viewer");
  await expect(dashboard.locator('[data-testid="log-entry"][data-action="MESSAGE_HOLD"]').first()).toContainText("the filter");
  await expect(dashboard.locator('[data-testid="log-entry"][data-action="TERM_ADD"]').first()).toContainText(term);

  // Filtering by action asks the server for only those entries.
  await dashboard.getByText("Actions: all").click();
  await dashboard.getByLabel("message deny").check();
  await dashboard.getByRole("button", { name: "Apply filters" }).click();
  // Waits for the filtered page to replace the unfiltered one.
  await expect(dashboard.locator('[data-testid="log-entry"]:not([data-action="MESSAGE_DENY"])')).toHaveCount(0);
  await expect(entries.first()).toHaveAttribute("data-action", "MESSAGE_DENY");

  // The export link downloads the rows as CSV for a moderator, and refuses anyone signed out.
  await dashboard.getByText("Clear").click();
  // The export follows the applied filters; cleared, it covers the whole log.
  await expect(dashboard.getByTestId("export-csv")).toHaveAttribute("href", /^\/api\/moderation-log\?streamId=[^&]+&format=csv$/);
  const csvHref = await dashboard.getByTestId("export-csv").getAttribute("href");
  const csv = await dashboard.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("id,createdAt,streamId,stream,action,actorId,actor,targetUserId,targetUser,targetMessageId,reason,details");
  const denyRow = lines.find((line) => line.includes(",MESSAGE_DENY,") && line.includes(messageId!));
  expect(denyRow).toContain(",mod,");
  expect(denyRow).toContain(",viewer,");
  expect(lines.some((line) => line.includes(",TERM_ADD,") && line.includes(term))).toBe(true);
  expect(lines.some((line) => line.includes(",MESSAGE_HOLD,") && line.includes("(automatic)") && line.includes(messageId!))).toBe(true);

  const json = await dashboard.request.get(csvHref!.replace("format=csv", "format=json"));
  const rows = (await json.json()) as Array<{ action: string; targetMessageId: string | null }>;
  expect(rows.filter((row) => row.targetMessageId === messageId).map((row) => row.action)).toEqual(["MESSAGE_HOLD", "MESSAGE_DENY"]);

  const signedOut = await browser.newContext();
  const refused = await signedOut.request.get(new URL(csvHref!, dashboard.url()).toString());
  expect(refused.status()).toBe(401);
});

test("a timeout stops a viewer from chatting; the user card shows it and Unban lifts it", async ({ browser }) => {
  const dashboard = await openDashboard(browser);
  const viewer = await openStream(browser, VIEWER);
  const text = `timeout target ${Date.now()}`;
  await send(viewer, text);

  const row = dashboard.getByTestId("mod-chat-message").filter({ hasText: text });
  await row.getByRole("button", { name: "More actions for @viewer" }).click();
  await row.getByPlaceholder("Reason (optional)").fill("cool down");
  await row.getByRole("button", { name: "Timeout @viewer for 10 min" }).click();
  await expect(row.getByRole("status")).toHaveText("@viewer is timed out for 10 min.");
  // The viewer is told at once, before trying to send.
  await expect(viewer.getByTestId("chat-refusal")).toContainText("A moderator timed you out until", { timeout: 2_000 });
  await expect(viewer.getByTestId("chat-refusal")).toHaveAttribute("data-reason", "TIMED_OUT");

  // Send waits out the timeout (the server refuses timed-out senders as well: chat-pipeline tests).
  await expect(viewer.getByTestId("chat-compose").getByRole("button", { name: /^Send/ })).toBeDisabled();

  await row.getByRole("button", { name: "Vic Viewer" }).click();
  const card = dashboard.getByTestId("user-card");
  await expect(card.getByTestId("user-card-role")).toHaveText("Viewer");
  await expect(card.getByTestId("user-card-restrictions")).toContainText("Timed out in this chat");
  await expect(card).toContainText("cool down");
  await card.getByRole("button", { name: /^Unban/ }).click();
  await expect(card).toContainText("None: they can chat.");
  await expect(card.getByRole("button", { name: /^Unban/ })).toHaveCount(0);
  await card.getByRole("button", { name: "Close user card" }).click();
  await expect(card).toHaveCount(0);

  // The viewer's page learns at once that the timeout was lifted: no reload needed.
  await expect(viewer.getByTestId("chat-refusal")).toHaveCount(0, { timeout: 2_000 });
  const again = `back again ${Date.now()}`;
  expect((await send(viewer, again)).result?.data.json.status).toBe("VISIBLE");
});

test("chat modes: a bad value shows the server's message and keeps the input; Shield mode turns on strict settings in one click", async ({
  browser,
}) => {
  const dashboard = await openDashboard(browser);
  await dashboard.getByRole("tab", { name: "Chat modes" }).click();
  const slowMode = dashboard.getByLabel(/Slow mode/);
  await slowMode.fill("500");
  await dashboard.getByRole("button", { name: "Save chat modes" }).click();
  await expect(dashboard.getByTestId("chat-settings").getByRole("alert")).toContainText("Slow mode is 0 (off) or 1–120 seconds.");
  await expect(slowMode).toHaveValue("500");
  await dashboard.getByRole("button", { name: "Discard changes" }).click();
  await expect(slowMode).toHaveValue("0");

  // A second moderator's dashboard follows the change live.
  const secondDashboard = await openDashboard(browser, ADMIN);
  await secondDashboard.getByRole("tab", { name: "Chat modes" }).click();

  await dashboard.getByTestId("shield-toggle").click();
  await expect(dashboard.getByTestId("shield-toggle")).toHaveAttribute("aria-pressed", "true");
  await expect(slowMode).toHaveValue("30");
  await expect(secondDashboard.getByTestId("shield-toggle")).toHaveAttribute("aria-pressed", "true", { timeout: 2_000 });
  await expect(secondDashboard.getByLabel(/Slow mode/)).toHaveValue("30");

  await dashboard.getByTestId("shield-toggle").click();
  await expect(dashboard.getByTestId("shield-toggle")).toHaveAttribute("aria-pressed", "false");
  await expect(slowMode).toHaveValue("0");
  await expect(secondDashboard.getByLabel(/Slow mode/)).toHaveValue("0", { timeout: 2_000 });
});

test("who gets in: signed-out people sign in first, viewers are told they do not moderate, only admins see /admin", async ({ browser }) => {
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto("/mod");
  await expect(anonymous).toHaveURL(/\/signin\?callbackUrl=%2Fmod$/);

  const viewer = await (await browser.newContext()).newPage();
  await signIn(viewer, VIEWER, "/mod");
  await expect(viewer.getByTestId("mod-empty")).toContainText("Nothing to moderate yet");
  await viewer.goto(DASHBOARD);
  await expect(viewer.getByRole("heading", { name: "You don't moderate this stream" })).toBeVisible();
  await viewer.goto("/admin");
  await expect(viewer.getByTestId("admin-forbidden")).toContainText("Admins only");
  await viewer.goto("/mod/no-such-stream");
  await expect(viewer.getByRole("heading", { name: "Stream not found" })).toBeVisible();

  const moderator = await (await browser.newContext()).newPage();
  await signIn(moderator, MODERATOR, "/mod");
  const live = moderator.getByTestId("mod-stream").filter({ hasText: "E2E moderation" });
  await expect(live).toContainText("LIVE");
  await live.click();
  await moderator.waitForURL(`**${DASHBOARD}`);
  // A global moderator is not the owner: no controls to appoint moderators.
  await moderator.getByRole("tab", { name: "Moderators" }).click();
  await expect(moderator.locator('[data-panel="team"]')).toContainText("Owner: Sam Streamer (@streamer)");
  await expect(moderator.getByTestId("add-moderator-form")).toHaveCount(0);
});

test("the owner appoints and removes a moderator by username; a mistake keeps the typed name and says why", async ({ browser }) => {
  const owner = await openDashboard(browser, { email: "streamer@onair.local", password: "onair-streamer" });
  await expect(owner.getByText("You are the owner here")).toBeVisible();
  await owner.getByRole("tab", { name: "Moderators" }).click();
  const username = owner.getByLabel("Add a moderator by username");
  await username.fill("nobody_here");
  await owner.getByRole("button", { name: "Add moderator" }).click();
  await expect(owner.getByTestId("add-moderator-form").getByRole("alert")).toHaveText("No user @nobody_here.");
  await expect(username).toHaveValue("nobody_here");

  await username.fill("@viewer");
  await owner.getByRole("button", { name: "Add moderator" }).click();
  await expect(owner.getByTestId("moderator").filter({ hasText: "@viewer" })).toBeVisible();
  await expect(username).toHaveValue("");

  // The new moderator finds the stream on their /mod page.
  const viewer = await (await browser.newContext()).newPage();
  await signIn(viewer, VIEWER, "/mod");
  await expect(viewer.getByTestId("mod-stream").filter({ hasText: "E2E moderation" })).toBeVisible();

  await owner.getByRole("button", { name: "Remove moderator @viewer" }).click();
  await expect(owner.getByTestId("moderator").filter({ hasText: "@viewer" })).toHaveCount(0);
  await viewer.reload();
  await expect(viewer.getByTestId("mod-empty")).toBeVisible();
});

test("an admin finds a user, changes their global role, bans them everywhere, and sees it in the global log", async ({ browser }) => {
  // A fresh account, so changing its role does not affect the other tests.
  const username = `e2e_role_${Date.now().toString(36)}`;
  const newcomer = await (await browser.newContext()).newPage();
  await newcomer.goto("/signup");
  await newcomer.getByLabel("Email").fill(`${username}@example.com`);
  await newcomer.getByLabel("Username").fill(username);
  await newcomer.getByLabel("Password").fill("correct horse battery");
  await newcomer.getByRole("button", { name: "Sign up" }).click();
  await newcomer.waitForURL((url) => !url.pathname.startsWith("/signup"));

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN, "/admin");
  await admin.getByLabel("Search username, name or email").fill(username);
  await admin.getByRole("button", { name: "Search" }).click();
  const row = admin.getByTestId("admin-user");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`@${username}`);

  await row.getByLabel(`Role for @${username}`).selectOption("MODERATOR");
  await row.getByRole("button", { name: `Set role of @${username}` }).click();
  await expect(row.getByRole("status")).toHaveText(`@${username} is now moderator.`);
  await expect(row.locator(".mod-role")).toHaveText("moderator");

  await expect(row.getByRole("button", { name: `Unban @${username} everywhere` })).toHaveCount(0);
  await row.getByRole("button", { name: `Ban @${username} everywhere`, exact: true }).click();
  await expect(row.getByRole("status")).toContainText("banned from chatting anywhere");
  // The row now says so, and offers only Unban (also after a fresh search).
  await expect(row.getByTestId("banned-globally")).toBeVisible();
  await expect(row.getByRole("button", { name: `Ban @${username} everywhere`, exact: true })).toHaveCount(0);
  await admin.getByRole("button", { name: "Search" }).click();
  await expect(row.getByTestId("banned-globally")).toBeVisible();
  await row.getByRole("button", { name: `Unban @${username} everywhere` }).click();
  await expect(row.getByRole("status")).toContainText("ban is lifted");
  await expect(row.getByTestId("banned-globally")).toHaveCount(0);

  const log = admin.getByTestId("admin-log").getByTestId("log-entry");
  await expect(log.first()).toHaveAttribute("data-action", "USER_UNBAN");
  await expect(log.filter({ hasText: `@${username}` })).toHaveCount(3);
  await expect(admin.locator('[data-testid="log-entry"][data-action="ROLE_CHANGE"]').filter({ hasText: `@${username}` })).toContainText(
    "MODERATOR",
  );

  // The role filter narrows the list to that role.
  await admin.getByLabel("Search username, name or email").fill("");
  await admin.getByLabel("Role", { exact: true }).selectOption("ADMIN");
  await admin.getByRole("button", { name: "Search" }).click();
  await expect(admin.getByTestId("admin-user")).toHaveCount(1);
  await expect(admin.getByTestId("admin-user")).toContainText("@admin");
});
