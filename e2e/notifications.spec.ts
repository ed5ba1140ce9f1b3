import AxeBuilder from "@axe-core/playwright";
import { createECDH, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Db } from "@onair/db";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createBuyer, createCreator, createLiveStream, mutate, shopDb, shopTag, shotPath, type ShopCreator } from "./shop-fixtures";
import { signedInPage, signIn } from "./sign-in";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let db: Db;

test.beforeAll(() => {
  db = shopDb();
});

test.afterAll(async () => {
  await db.$disconnect();
});

/** No WCAG 2.1 AA violation on the page as it is now (the open panel included). */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const violations = results.violations.map(
    (violation) => `${violation.id} (${violation.help}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
  expect(violations, `axe violations on ${what}`).toEqual([]);
}

/**
 * The page at 1280 and at 390 px wide (`open`: puts the page back in the state to shoot after the
 * resize; `fullPage`: the whole page, not only what fits the screen).
 */
async function shots(page: Page, name: string, open?: () => Promise<void>, fullPage = false) {
  const size = page.viewportSize() ?? DESKTOP;
  for (const [viewport, suffix] of [
    [DESKTOP, "desktop"],
    [PHONE, "phone"],
  ] as const) {
    await page.setViewportSize(viewport);
    if (open) await open();
    await page.screenshot({ path: shotPath(`notifications-${name}-${suffix}`), fullPage });
  }
  await page.setViewportSize(size);
}

function bell(page: Page) {
  return page.getByTestId("notification-bell");
}

/** The page is hydrated and its notification feed is live (its first event arrived): clicks reach React, events reach the bell. */
async function live(page: Page) {
  await expect(bell(page)).toHaveAttribute("data-live", "true", { timeout: 10_000 });
}

async function openPanel(page: Page) {
  if ((await bell(page).getAttribute("aria-expanded")) !== "true") await bell(page).click();
  await expect(page.getByTestId("notification-panel")).toBeVisible();
}

/** Two people of this test's own: `mentioned` gets the notifications, `author` causes them. */
async function people(browser: Browser, tag: string): Promise<{ author: ShopCreator; mentioned: ShopCreator; authorPage: Page }> {
  const author = await createCreator(db, `a${tag}`);
  const mentioned = await createBuyer(db, `m${tag}`);
  const authorPage = await signedInPage(browser, author, "/");
  return { author, mentioned, authorPage };
}

test("a mention arrives live in the bell, in every tab of the person; mark read, open, /notifications", async ({ browser }) => {
  const tag = shopTag();
  const { author, mentioned, authorPage } = await people(browser, tag);
  const stream = await createLiveStream(db, author.id, tag);

  // The mentioned person, on the home page, and a second tab of theirs on a phone.
  const page = await signedInPage(browser, mentioned, "/", DESKTOP);
  const phone = await page.context().newPage();
  await phone.setViewportSize(PHONE);
  await phone.goto("/");
  for (const tab of [page, phone]) {
    await live(tab);
    await expect(bell(tab)).toHaveAttribute("aria-label", "Notifications, none unread");
    await tab.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  }
  // Nothing yet: the panel says what will show up.
  await openPanel(page);
  await expect(page.getByTestId("notification-empty")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(bell(page)).toHaveAttribute("aria-expanded", "false");
  await expect(bell(page)).toBeFocused();

  // Someone else mentions them in chat: both tabs count it, without a reload.
  await mutate(authorPage, "chat.send", {
    streamId: stream.id,
    body: `@${mentioned.username} are you watching?`,
  });
  for (const tab of [page, phone]) {
    await expect(tab.getByTestId("notification-badge")).toHaveText("1", { timeout: 15_000 });
    await expect(bell(tab)).toHaveAttribute("aria-label", "Notifications, 1 unread");
    expect(await tab.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  }

  // A second one, for the list to show two.
  await mutate(authorPage, "chat.send", { streamId: stream.id, body: `thanks @${mentioned.username}!` });
  await expect(page.getByTestId("notification-badge")).toHaveText("2", { timeout: 15_000 });

  await openPanel(page);
  const items = page.getByTestId("notification-panel").getByTestId("notification-item");
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText("thanks");
  await expect(items.nth(1)).toContainText("are you watching?");
  await expect(items.first()).toHaveAttribute("data-read", "false");
  await expectAccessible(page, "the open notification panel");
  await shots(page, "panel", () => openPanel(page));

  // The phone's panel is a sheet over the whole screen.
  await openPanel(phone);
  const sheet = await phone.getByTestId("notification-panel").boundingBox();
  expect(sheet).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
  await expectAccessible(phone, "the notification sheet on a phone");

  // Mark one read here: the other tab hears it.
  await items.nth(1).getByTestId("notification-mark-read").click();
  await expect(items.nth(1)).toHaveAttribute("data-read", "true");
  await expect(page.getByTestId("notification-badge")).toHaveText("1");
  await expect(phone.getByTestId("notification-badge")).toHaveText("1");
  await expect(phone.getByTestId("notification-panel").getByTestId("notification-item").nth(1)).toHaveAttribute("data-read", "true");

  // ↓ moves between the notifications; opening one marks it read and goes where it points.
  await page.getByTestId("notification-panel").getByRole("link").first().focus();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1).getByRole("link")).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await items.first().getByRole("link").press("Enter");
  await page.waitForURL(`**/s/${stream.slug}?m=*`);
  expect(new URL(page.url()).searchParams.get("m")).not.toBeNull();
  await expect(page.getByTestId("notification-panel")).toHaveCount(0);
  await expect(page.getByTestId("notification-badge")).toHaveCount(0);
  await expect(phone.getByTestId("notification-badge")).toHaveCount(0);

  // /notifications: everything; "Unread" is empty now; a new one shows up at the top live.
  await page.goto("/notifications");
  await expect(page.getByTestId("notification-list").getByTestId("notification-item")).toHaveCount(2);
  await page.getByRole("tab", { name: "Unread" }).click();
  await expect(page.getByTestId("notification-empty")).toHaveText("You have read everything.");
  await mutate(authorPage, "chat.send", { streamId: stream.id, body: `@${mentioned.username} one more` });
  await expect(page.getByTestId("notification-list").getByTestId("notification-item")).toHaveCount(1, { timeout: 15_000 });
  await page.getByRole("tab", { name: "All" }).click();
  await expect(page.getByTestId("notification-list").getByTestId("notification-item")).toHaveCount(3);
  await expectAccessible(page, "/notifications");
  await shots(page, "page");
  await page.getByTestId("notification-mark-all").click();
  await expect(page.getByTestId("notification-badge")).toHaveCount(0);
  await expect(page.locator('[data-testid="notification-item"][data-read="false"]')).toHaveCount(0);

  await page.context().close();
  await authorPage.context().close();
});

test("preferences: a kind turned off stays off; push settings and the device list", async ({ browser }) => {
  const tag = shopTag();
  const person = await createBuyer(db, `p${tag}`);
  const page = await signedInPage(browser, person, "/settings/notifications", DESKTOP);
  const mentionsInApp = page.getByRole("checkbox", { name: "Mentions: in app" });
  const remindersPush = page.getByRole("checkbox", { name: "Reminders: push" });
  await expect(mentionsInApp).toBeChecked();
  await expect(remindersPush).toBeChecked();
  await live(page);

  await mentionsInApp.uncheck();
  await remindersPush.uncheck();
  await expect(mentionsInApp).not.toBeChecked();
  // Saved: a new page load reads the same.
  await expect
    .poll(async () => db.notificationPreference.findMany({ where: { userId: person.id }, select: { kind: true, inApp: true, push: true } }))
    .toEqual(
      expect.arrayContaining([
        { kind: "MENTION", inApp: false, push: true },
        { kind: "STREAM_REMINDER", inApp: true, push: false },
      ]),
    );
  await page.reload();
  await live(page);
  await expect(mentionsInApp).not.toBeChecked();
  await expect(remindersPush).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Mentions: push" })).toBeChecked();

  // No device receives pushes yet.
  await expect(page.getByTestId("push-no-devices")).toBeVisible();
  await expectAccessible(page, "/settings/notifications");

  // Turned back on with the keyboard.
  await mentionsInApp.focus();
  await page.keyboard.press("Space");
  await expect(mentionsInApp).toBeChecked();
  await expect
    .poll(
      async () => (await db.notificationPreference.findUnique({ where: { userId_kind: { userId: person.id, kind: "MENTION" } } }))?.inApp,
    )
    .toBe(true);
  await page.reload();
  await expect(mentionsInApp).toBeChecked();
  await page.context().close();
});

/** A push request as the local push service got it. */
interface ReceivedPush {
  path: string;
  encoding: string | undefined;
  authorization: string | undefined;
  bytes: number;
}

/** The browsers' push service, played locally (global-setup allows its origin as a push endpoint): it takes every push. */
async function localPushService(): Promise<{ origin: string; received: ReceivedPush[]; close: () => Promise<void> }> {
  const received: ReceivedPush[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        encoding: request.headers["content-encoding"],
        authorization: request.headers.authorization,
        bytes: Buffer.concat(chunks).length,
      });
      response.writeHead(201).end();
    });
  });
  const port = Number(process.env.E2E_PUSH_PORT);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Headless Chromium has no push service (pushManager.subscribe is refused), so the page's
 * PushManager hands out a subscription to `endpoint` with real keys, kept in localStorage like the
 * browser keeps its own. Everything else (the service worker, the permission, the API) is real.
 */
async function fakePushManager(context: BrowserContext, endpoint: string) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const keys = { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
  await context.addInitScript(
    ({ endpoint, keys }) => {
      const storageKey = "e2e.pushSubscriptionKey";
      const subscription = (applicationServerKey: ArrayBuffer) => ({
        endpoint,
        options: { userVisibleOnly: true, applicationServerKey },
        toJSON: () => ({ endpoint, expirationTime: null, keys }),
        unsubscribe: () => {
          window.localStorage.removeItem(storageKey);
          return Promise.resolve(true);
        },
      });
      PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
        const key = new Uint8Array(options!.applicationServerKey as Uint8Array);
        window.localStorage.setItem(storageKey, JSON.stringify(Array.from(key)));
        return Promise.resolve(subscription(key.slice().buffer) as unknown as PushSubscription);
      };
      PushManager.prototype.getSubscription = function () {
        const stored = window.localStorage.getItem(storageKey);
        if (!stored) return Promise.resolve(null);
        return Promise.resolve(subscription(new Uint8Array(JSON.parse(stored) as number[]).buffer) as unknown as PushSubscription);
      };
    },
    { endpoint, keys },
  );
}

test("push on this device: opt in, the device list, a test push reaches the push service, opt out", async ({ browser, baseURL }) => {
  const tag = shopTag();
  const person = await createBuyer(db, `d${tag}`);
  const pushService = await localPushService();
  try {
    const context = await browser.newContext({ viewport: DESKTOP });
    await context.grantPermissions(["notifications"], { origin: new URL(baseURL!).origin });
    await fakePushManager(context, `${pushService.origin}/push/${tag}`);
    const page = await context.newPage();
    await signIn(page, person, "/settings/notifications");
    await live(page);

    const settings = page.getByTestId("push-settings");
    await expect(page.getByTestId("push-device-state")).toHaveText("This device does not receive push notifications.");
    await expect(page.getByTestId("push-no-devices")).toBeVisible();
    await settings.getByRole("button", { name: "Turn on push on this device" }).click();
    await expect(settings.getByRole("status")).toHaveText("Push is on for this device.");
    await expect(page.getByTestId("push-device-state")).toHaveText("This device receives push notifications.");
    const device = page.getByTestId("push-device");
    await expect(device).toHaveCount(1);
    await expect(device).toContainText("Chrome on Linux");
    await expect(device).toContainText("THIS DEVICE");
    await expect(device).toContainText("no push delivered yet");
    expect(await db.pushSubscription.count({ where: { userId: person.id, endpoint: `${pushService.origin}/push/${tag}` } })).toBe(1);
    await expectAccessible(page, "/settings/notifications with push on");
    await shots(page, "settings", undefined, true);

    // A test push goes through the job queue to the push service, encrypted and signed.
    await settings.getByRole("button", { name: "Send a test" }).click();
    await expect(settings.getByRole("status")).toHaveText("A test was sent to 1 device.");
    await expect.poll(() => pushService.received.length, { timeout: 20_000 }).toBe(1);
    expect(pushService.received[0]).toMatchObject({ path: `/push/${tag}`, encoding: "aes128gcm" });
    expect(pushService.received[0]!.authorization).toMatch(/^vapid t=.+, k=.+$/);
    await expect
      .poll(async () => (await db.pushSubscription.findFirst({ where: { userId: person.id } }))?.lastSuccessAt ?? null)
      .not.toBeNull();
    await page.reload();
    await live(page);
    await expect(device).toContainText("last push");

    // Off again: the browser's subscription and the server's row go.
    await settings.getByRole("button", { name: "Turn off on this device" }).click();
    await expect(settings.getByRole("status")).toHaveText("Push is off for this device.");
    await expect(page.getByTestId("push-no-devices")).toBeVisible();
    expect(await db.pushSubscription.count({ where: { userId: person.id } })).toBe(0);
    await context.close();
  } finally {
    await pushService.close();
  }
});

test("the service worker shows a push with its tag and keeps its link on this site", async ({ browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const context = await browser.newContext();
  await context.grantPermissions(["notifications"], { origin });
  const page = await context.newPage();
  await page.goto("/");
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerVersionUpdated", ({ versions }) => {
      const active = versions.find((version) => version.scriptURL === `${origin}/sw.js` && version.status === "activated");
      if (active) resolve(active.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  await page.evaluate(async () => {
    await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    await navigator.serviceWorker.ready;
  });
  const id = await registrationId;
  const shown = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const notifications = await registration.getNotifications();
      return notifications.map((notification) => ({
        title: notification.title,
        body: notification.body,
        tag: notification.tag,
        url: (notification.data as { url: string }).url,
      }));
    });

  const push = (payload: unknown) =>
    cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId: id, data: JSON.stringify(payload) });
  await push({ title: "ana is live", body: "Lo-fi live", url: "/s/lofi?m=abc", tag: "live:1" });
  await expect.poll(shown).toEqual([{ title: "ana is live", body: "Lo-fi live", tag: "live:1", url: `${origin}/s/lofi?m=abc` }]);

  // The same tag replaces it; a link to another site becomes the home page.
  await push({ title: "ana is live again", body: "", url: "https://evil.example/phish", tag: "live:1" });
  await expect.poll(shown).toEqual([{ title: "ana is live again", body: "", tag: "live:1", url: `${origin}/` }]);
  await context.close();
});

test("remind me on a scheduled stream: the stream page and the channel page; signed out goes to sign in; told when it starts", async ({
  browser,
}) => {
  const tag = shopTag();
  const creator = await createCreator(db, `c${tag}`);
  const viewer = await createBuyer(db, `v${tag}`);
  const stream = await db.liveStream.create({
    data: {
      slug: `soon-${tag}`,
      title: `Soon ${tag}`,
      ownerId: creator.id,
      status: "SCHEDULED",
      scheduledStartAt: new Date(Date.now() + 3_600_000),
      videoSource: "aqz-KE-bpKQ",
    },
    select: { id: true, slug: true, title: true },
  });
  const path = `/s/${stream.slug}`;

  // Signed out: the button leads to sign in, which comes back here.
  const anonymous = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await anonymous.goto(path);
  await anonymous.getByTestId("remind-me").click();
  await anonymous.waitForURL(`**/signin?callbackUrl=${encodeURIComponent(path)}`);
  await anonymous.context().close();

  const page = await signedInPage(browser, viewer, path, DESKTOP);
  await live(page);
  const remind = page.getByTestId("remind-me");
  await expect(remind).toHaveAttribute("aria-pressed", "false");
  await remind.click();
  await expect(remind).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(remind).toHaveAttribute("aria-pressed", "true");
  await expectAccessible(page, "a scheduled stream with Remind me");
  await shots(page, "remind-stream");

  // The channel's card of the same stream says so too; pressing it there turns the reminder off and on.
  await page.goto(`/c/${creator.username}`);
  await live(page);
  const card = page.locator('section[data-status="SCHEDULED"]').getByTestId("stream-card").filter({ hasText: stream.title });
  await expect(card.getByTestId("remind-me")).toHaveAttribute("aria-pressed", "true");
  await card.getByTestId("remind-me").click();
  await expect(card.getByTestId("remind-me")).toHaveAttribute("aria-pressed", "false");
  await expect.poll(() => db.streamReminder.count({ where: { streamId: stream.id, userId: viewer.id } })).toBe(0);
  await card.getByTestId("remind-me").click();
  await expect(card.getByTestId("remind-me")).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(new RegExp(`/c/${creator.username}$`));
  await shots(page, "remind-channel");

  // The creator goes live: the reminder arrives in the bell.
  const owner = await signedInPage(browser, creator, path, DESKTOP);
  await mutate(owner, "stream.start", { streamId: stream.id });
  await expect(page.getByTestId("notification-badge")).toHaveText("1", { timeout: 20_000 });
  await openPanel(page);
  const item = page.getByTestId("notification-panel").getByTestId("notification-item").first();
  await expect(item).toHaveAttribute("data-kind", "STREAM_REMINDER");
  await expect(item).toContainText(stream.title);
  await owner.context().close();
  await page.context().close();
});
