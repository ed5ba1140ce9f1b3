import { expect, test, type APIResponse, type Browser, type Page } from "@playwright/test";

// A scheduled demo stream (chat is open before it starts) that the other specs leave alone.
// Every test puts back each setting it changes.
const STREAM = "/s/launch-party";

async function signIn(browser: Browser, email: string, password: string, path = STREAM): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`**${path}`);
  return page;
}

/** A brand-new account (no follows, no rate-limit history), landed on the stream page. */
async function signUpNewViewer(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const username = `e2e_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  await page.goto(`/signup?callbackUrl=${encodeURIComponent(STREAM)}`);
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL(`**${STREAM}`);
  await expect(page.getByTestId("chat-connection")).toHaveText("Connected");
  return page;
}

async function resultOf<T>(response: APIResponse, what: string): Promise<T> {
  const text = await response.text();
  expect(response.ok(), `${what} failed: ${text}`).toBe(true);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/**
 * Node's HTTP server closes idle keep-alive sockets after 5 s; a request that races that close on a
 * reused socket fails with ECONNRESET before the server reads it, so it is safe to send once more.
 */
async function withFreshSocketRetry(request: () => Promise<APIResponse>): Promise<APIResponse> {
  try {
    return await request();
  } catch (error) {
    if (!String(error).includes("ECONNRESET")) throw error;
    return request();
  }
}

/** A tRPC query over HTTP as the page's signed-in user (superjson wire format). */
async function query<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const url = `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return resultOf<T>(await withFreshSocketRetry(() => page.request.get(url)), procedure);
}

async function mutate<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const response = await withFreshSocketRetry(() => page.request.post(`/api/trpc/${procedure}`, { data: { json: input } }));
  return resultOf<T>(response, procedure);
}

async function streamIdOf(page: Page): Promise<string> {
  return (await query<{ id: string }>(page, "stream.bySlug", { slug: STREAM.slice("/s/".length) })).id;
}

async function send(page: Page, text: string) {
  await page.getByTestId("chat-input").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

function markNoReload(page: Page) {
  return page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
}

async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
}

test("slow mode: the banner appears and disappears live, and a refused message is explained inline with the draft kept", async ({
  browser,
}) => {
  const moderator = await signIn(browser, "moderator@onair.local", "onair-moderator");
  const streamId = await streamIdOf(moderator);
  const viewer = await signUpNewViewer(browser);
  await markNoReload(viewer);
  await expect(viewer.getByTestId("chat-modes")).toHaveCount(0);

  try {
    await mutate(moderator, "moderation.updateSettings", { streamId, slowModeSeconds: 30 });
    await expect(viewer.getByTestId("chat-modes")).toHaveText("Slow mode · 30 s", { timeout: 5_000 });

    const first = `first under slow mode ${Date.now()}`;
    await send(viewer, first);
    await expect(viewer.getByTestId("chat-message").filter({ hasText: first })).toHaveCount(1);

    const second = `second too soon ${Date.now()}`;
    await send(viewer, second);
    await expect(viewer.getByTestId("chat-refusal")).toHaveText(/^Slow mode: wait \d+ seconds?\.$/);
    await expect(viewer.getByTestId("chat-input")).toHaveValue(second);
    await expect(viewer.getByRole("button", { name: "Send" })).toBeDisabled();
    await expect(viewer.getByTestId("send-wait")).toHaveText(/\d+ s/);
    await expect(viewer.getByTestId("chat-message").filter({ hasText: second })).toHaveCount(0);

    // Turning slow mode off removes the banner and the wait without a reload; the kept draft can be sent.
    await mutate(moderator, "moderation.updateSettings", { streamId, slowModeSeconds: 0 });
    await expect(viewer.getByTestId("chat-modes")).toHaveCount(0, { timeout: 5_000 });
    await expect(viewer.getByTestId("chat-refusal")).toHaveCount(0);
    await viewer.getByRole("button", { name: "Send" }).click();
    await expect(viewer.getByTestId("chat-message").filter({ hasText: second })).toHaveCount(1);
    await expect(viewer.getByTestId("chat-input")).toHaveValue("");
    await expectNotReloaded(viewer);
  } finally {
    await mutate(moderator, "moderation.updateSettings", { streamId, slowModeSeconds: 0 });
  }
});

test("several modes show together, chat off hides the input, and everything clears live", async ({ browser }) => {
  const moderator = await signIn(browser, "moderator@onair.local", "onair-moderator");
  const streamId = await streamIdOf(moderator);
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto(STREAM);
  await expect(anonymous.getByTestId("chat-connection")).toHaveText("Connected");
  const viewer = await signUpNewViewer(browser);
  await markNoReload(viewer);

  try {
    await mutate(moderator, "moderation.updateSettings", { streamId, emoteOnly: true, uniqueChat: true, registeredOnlyMinutes: 24 * 60 });
    for (const page of [viewer, anonymous]) {
      await expect(page.getByTestId("chat-modes").getByRole("listitem")).toHaveText(
        ["Accounts older than 24 hours", "Emote only", "Unique chat"],
        {
          timeout: 5_000,
        },
      );
    }
    // A brand-new account is refused by the account-age rule, with the server's explanation.
    await send(viewer, "hello");
    await expect(viewer.getByTestId("chat-refusal")).toContainText("Only accounts older than");
    await expect(viewer.getByTestId("chat-input")).toHaveValue("hello");

    await mutate(moderator, "moderation.updateSettings", { streamId, chatEnabled: false });
    await expect(viewer.getByTestId("chat-modes")).toHaveText("Chat is off", { timeout: 5_000 });
    await expect(viewer.getByTestId("chat-input")).toHaveCount(0);

    await mutate(moderator, "moderation.updateSettings", {
      streamId,
      chatEnabled: true,
      emoteOnly: false,
      uniqueChat: false,
      registeredOnlyMinutes: null,
    });
    await expect(viewer.getByTestId("chat-modes")).toHaveCount(0, { timeout: 5_000 });
    await expect(anonymous.getByTestId("chat-modes")).toHaveCount(0);
    await expect(viewer.getByTestId("chat-input")).toBeVisible();
    await expectNotReloaded(viewer);
  } finally {
    await mutate(moderator, "moderation.updateSettings", {
      streamId,
      chatEnabled: true,
      emoteOnly: false,
      uniqueChat: false,
      registeredOnlyMinutes: null,
    });
  }
});

test("followers-only chat: the refusal says to follow, and after Follow the kept draft goes through", async ({ browser }) => {
  const moderator = await signIn(browser, "moderator@onair.local", "onair-moderator");
  const streamId = await streamIdOf(moderator);
  const viewer = await signUpNewViewer(browser);

  try {
    await mutate(moderator, "moderation.updateSettings", { streamId, followersOnlyMinutes: 0 });
    await expect(viewer.getByTestId("chat-modes")).toHaveText("Followers only", { timeout: 5_000 });

    const text = `from a new follower ${Date.now()}`;
    await send(viewer, text);
    await expect(viewer.getByTestId("chat-refusal")).toHaveText("Followers-only chat: follow @streamer to chat.");

    const follow = viewer.getByTestId("follow-button");
    await expect(follow).toHaveText("Follow");
    await follow.click();
    await expect(follow).toHaveText("Following");
    await expect(follow).toHaveAttribute("aria-pressed", "true");

    await viewer.getByRole("button", { name: "Send" }).click();
    await expect(viewer.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(1);
    await expect(viewer.getByTestId("chat-refusal")).toHaveCount(0);

    await viewer.reload();
    await expect(viewer.getByTestId("follow-button")).toHaveText("Following");
  } finally {
    await mutate(moderator, "moderation.updateSettings", { streamId, followersOnlyMinutes: null });
  }
});

test("a held message is pending only for its author, becomes normal when approved, and is marked when denied", async ({ browser }) => {
  const moderator = await signIn(browser, "moderator@onair.local", "onair-moderator");
  const streamId = await streamIdOf(moderator);
  const term = `heldword${Date.now().toString(36)}`;
  const added = await mutate<{ id: string }>(moderator, "moderation.addTerm", { streamId, term, action: "HOLD" });

  try {
    const author = await signUpNewViewer(browser);
    const other = await signIn(browser, "viewer@onair.local", "onair-viewer");
    await expect(other.getByTestId("chat-connection")).toHaveText("Connected");

    const held = `please review ${term} one`;
    await send(author, held);
    const pending = author.getByTestId("chat-pending").filter({ hasText: held });
    await expect(pending).toHaveAttribute("data-state", "pending");
    await expect(pending).toContainText("Pending review");
    await expect(author.getByTestId("chat-input")).toHaveValue("");

    // Still pending for its author after a reload; never shown to anyone else.
    await author.reload();
    await expect(author.getByTestId("chat-pending").filter({ hasText: held })).toContainText("Pending review");
    await expect(other.getByText(held)).toHaveCount(0);

    const queue = await query<Array<{ id: string; body: string }>>(moderator, "moderation.queue", { streamId });
    const heldId = queue.find((message) => message.body.includes(`${term} one`))?.id;
    expect(heldId, "the held message is in the review queue").toBeTruthy();
    await mutate(moderator, "moderation.approve", { streamId, messageId: heldId });

    await expect(author.getByTestId("chat-message").filter({ hasText: held })).toHaveCount(1, { timeout: 5_000 });
    await expect(author.getByTestId("chat-pending")).toHaveCount(0);
    await expect(other.getByTestId("chat-message").filter({ hasText: held })).toHaveCount(1, { timeout: 5_000 });

    const refused = `please review ${term} two`;
    await send(author, refused);
    await expect(author.getByTestId("chat-pending").filter({ hasText: refused })).toHaveAttribute("data-state", "pending");
    const queueAgain = await query<Array<{ id: string; body: string }>>(moderator, "moderation.queue", { streamId });
    const refusedId = queueAgain.find((message) => message.body.includes(`${term} two`))?.id;
    expect(refusedId, "the second held message is in the review queue").toBeTruthy();
    await mutate(moderator, "moderation.deny", { streamId, messageId: refusedId });

    const denied = author.getByTestId("chat-pending").filter({ hasText: refused });
    await expect(denied).toHaveAttribute("data-state", "denied", { timeout: 5_000 });
    await expect(denied).toContainText("Not approved by a moderator");
    await expect(other.getByText(refused)).toHaveCount(0);
  } finally {
    await mutate(moderator, "moderation.removeTerm", { streamId, termId: added.id });
  }
});

test("messages of the streamer and of moderators carry badges; a viewer's do not", async ({ browser }) => {
  const streamer = await signIn(browser, "streamer@onair.local", "onair-streamer");
  const moderator = await signIn(browser, "moderator@onair.local", "onair-moderator");
  const viewer = await signIn(browser, "viewer@onair.local", "onair-viewer");
  await expect(viewer.getByTestId("chat-connection")).toHaveText("Connected");

  const stamp = Date.now();
  await send(streamer, `welcome everyone ${stamp}`);
  await send(moderator, `be nice in here ${stamp}`);
  await send(viewer, `hi all ${stamp}`);

  const streamerBadge = viewer
    .getByTestId("chat-message")
    .filter({ hasText: `welcome everyone ${stamp}` })
    .getByTestId("chat-badge");
  await expect(streamerBadge).toHaveAttribute("data-badge", "OWNER", { timeout: 5_000 });
  await expect(streamerBadge).toHaveAttribute("title", "Stream owner");
  await expect(streamerBadge).toContainText("Streamer");

  const moderatorBadge = viewer
    .getByTestId("chat-message")
    .filter({ hasText: `be nice in here ${stamp}` })
    .getByTestId("chat-badge");
  await expect(moderatorBadge).toHaveAttribute("data-badge", "MODERATOR", { timeout: 5_000 });
  await expect(moderatorBadge).toHaveAttribute("title", "Moderator");

  await expect(viewer.getByTestId("chat-message").filter({ hasText: `hi all ${stamp}` })).toHaveCount(1);
  await expect(
    viewer
      .getByTestId("chat-message")
      .filter({ hasText: `hi all ${stamp}` })
      .getByTestId("chat-badge"),
  ).toHaveCount(0);
  // The owner does not get a Follow button for their own channel.
  await expect(streamer.getByTestId("follow-button")).toHaveCount(0);
});

test("the header links to moderation for moderators and to admin for admins only", async ({ browser }) => {
  const admin = await signIn(browser, "admin@onair.local", "onair-admin", "/");
  await expect(admin.getByRole("link", { name: "Moderate", exact: true })).toHaveAttribute("href", "/mod");
  await expect(admin.getByRole("link", { name: "Admin", exact: true })).toHaveAttribute("href", "/admin");

  const moderator = await signIn(browser, "moderator@onair.local", "onair-moderator", "/");
  await expect(moderator.getByRole("link", { name: "Moderate", exact: true })).toBeVisible();
  await expect(moderator.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);

  // The streamer is a plain viewer by role, but moderates the streams they own.
  const streamer = await signIn(browser, "streamer@onair.local", "onair-streamer", "/");
  await expect(streamer.getByRole("link", { name: "Moderate", exact: true })).toBeVisible();

  const viewer = await signIn(browser, "viewer@onair.local", "onair-viewer", "/");
  await expect(viewer.getByTestId("whoami")).toHaveText("Vic Viewer");
  await expect(viewer.getByRole("link", { name: "Moderate", exact: true })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
});

test("the stream page opens one stream-event subscription, shared by the live info and the chat", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  const subscriptions: string[] = [];
  page.on("websocket", (socket) => {
    socket.on("framesent", (frame) => {
      const text = typeof frame.payload === "string" ? frame.payload : frame.payload.toString("utf8");
      // wsLink's keep-alive pings are plain text; they arrive later, while other specs run.
      if (text === "PING" || text === "PONG") return;
      for (const message of [JSON.parse(text)].flat() as Array<{ method?: string; params?: { path?: string } }>) {
        if (message.method === "subscription" && message.params?.path) subscriptions.push(message.params.path);
      }
    });
  });
  await page.goto("/s/lofi-live");
  await expect(page.getByTestId("chat-connection")).toHaveText("Connected");
  await expect(page.getByTestId("viewer-count")).toHaveText(/\d+ watching/);
  await expect.poll(() => subscriptions.filter((path) => path === "stream.onEvents").length).toBe(1);
  // Nothing opens a second one a moment later.
  await page.waitForTimeout(1_000);
  expect(subscriptions.filter((path) => path === "stream.onEvents")).toHaveLength(1);
  expect(subscriptions.filter((path) => path === "chat.onMessage")).toHaveLength(1);
});
