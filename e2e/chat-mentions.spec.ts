import { createDbClient, type Db } from "@onair/db";
import { expect, test, type Page } from "@playwright/test";
import { signedInPage, type Account } from "./sign-in";
import { expectNoViolations } from "./axe";

/** Demo accounts (packages/db/src/dev/seed.ts): username viewer "Vic Viewer", streamer "Sam Streamer". */
const VIEWER: Account = { email: "viewer@onair.local", password: "onair-viewer" };
const STREAMER: Account = { email: "streamer@onair.local", password: "onair-streamer" };
const SLUG = "e2e-mentions";
const STREAM = `/s/${SLUG}`;
const SHOTS = process.env.E2E_SHOTS_DIR ?? "/work/shots";
const QUESTION = "Which synth is that on the second track?";
/** More than the 50 newest messages the page opens with: the question starts out of view. */
const LATER_MESSAGES = 60;
const WELCOME = "welcome @viewer, glad you are here";
const PHONE = { width: 390, height: 844 };

let db: Db;
let questionId: string;

test.beforeAll(async () => {
  db = createDbClient(process.env.E2E_DATABASE_URL!, { poolSize: 1 });
  const users = await db.user.findMany({ where: { username: { in: ["viewer", "streamer", "mod", "admin"] } } });
  const id = (username: string) => users.find((user) => user.username === username)!.id;
  await db.liveStream.deleteMany({ where: { slug: SLUG } });
  const stream = await db.liveStream.create({
    data: {
      slug: SLUG,
      title: "E2E mentions",
      ownerId: id("streamer"),
      status: "LIVE",
      startedAt: new Date(),
      videoSource: "aqz-KE-bpKQ",
      lastMessageSeq: 2 + LATER_MESSAGES,
    },
  });
  const question = await db.chatMessage.create({ data: { streamId: stream.id, userId: id("viewer"), seq: 1, body: QUESTION } });
  questionId = question.id;
  // The moderator and the admin chat after it, the admin last; then the moderator welcomes the viewer.
  await db.chatMessage.createMany({
    data: Array.from({ length: LATER_MESSAGES }, (_, index) => ({
      streamId: stream.id,
      userId: id(index % 2 === 0 ? "mod" : "admin"),
      seq: index + 2,
      body: `chatter ${index + 1}`,
      createdAt: new Date(question.createdAt.getTime() + (index + 1) * 1000),
    })),
  });
  await db.chatMessage.create({
    data: {
      streamId: stream.id,
      userId: id("mod"),
      seq: 2 + LATER_MESSAGES,
      body: WELCOME,
      mentionedUserIds: [id("viewer")],
      createdAt: new Date(question.createdAt.getTime() + (LATER_MESSAGES + 1) * 1000),
    },
  });
});

test.afterAll(async () => {
  await db.$disconnect();
});

async function openChat(page: Page) {
  await expect(page.getByTestId("chat-connection")).toHaveText("Connected");
}

const message = (page: Page, text: string) => page.getByTestId("chat-message").filter({ hasText: text });
/** The question itself (replies to it quote its text too). */
const questionIn = (page: Page) => page.locator('[data-testid="chat-message"][data-seq="1"]');

test("one viewer replies to and mentions another: autocomplete by keyboard, the reply renders and jumps, the mention stands out", async ({
  browser,
}) => {
  const streamer = await signedInPage(browser, STREAMER, STREAM, { width: 1280, height: 800 });
  const viewer = await signedInPage(browser, VIEWER, STREAM, { width: 1280, height: 800 });
  await Promise.all([openChat(streamer), openChat(viewer)]);
  await expect(questionIn(viewer)).toHaveCount(0);

  // The streamer loads the question and replies to it.
  await streamer.getByRole("button", { name: "Load earlier messages" }).click();
  await questionIn(streamer).hover();
  await questionIn(streamer).getByRole("button", { name: "Reply to Vic Viewer" }).click();
  await expect(streamer.getByTestId("chat-replying")).toContainText("Replying to @viewer");
  const input = streamer.getByRole("combobox", { name: "Message" });
  await expect(input).toBeFocused();

  // "@": the people in the chat, the most recent chatter first (never yourself).
  await input.pressSequentially("@");
  const list = streamer.getByRole("listbox", { name: "People to mention" });
  await expect(list.getByRole("option")).toHaveText(["Moe Moderator@mod", "Ada Admin@admin", "Vic Viewer@viewer"]);
  await expect(input).toHaveAttribute("aria-expanded", "true");
  await expect(list.getByRole("option", { selected: true })).toHaveText("Moe Moderator@mod");
  await input.press("ArrowDown");
  await input.press("ArrowDown");
  await input.press("ArrowDown");
  await expect(list.getByRole("option", { selected: true })).toHaveText("Moe Moderator@mod");
  await input.press("ArrowUp");
  await expect(list.getByRole("option", { selected: true })).toHaveText("Vic Viewer@viewer");
  await expect(input).toHaveAttribute("aria-activedescendant", "chat-mention-option-2");
  await streamer.screenshot({ path: `${SHOTS}/chat-mentions-autocomplete-desktop.png` });
  await expectNoViolations(streamer, "the composer replying, with the mention list open");
  await input.press("Enter");
  await expect(input).toHaveValue("@viewer ");
  await expect(list).toHaveCount(0);

  // Typing narrows the list; Esc closes it and keeps the text; Tab chooses too.
  await input.pressSequentially("it is a Juno, ask @mo");
  await expect(list.getByRole("option")).toHaveText(["Moe Moderator@mod"]);
  await input.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(input).toHaveAttribute("aria-expanded", "false");
  await expect(streamer.getByTestId("chat-replying")).toBeVisible();
  await input.press("Backspace");
  await input.press("Backspace");
  await input.pressSequentially("mo");
  await expect(list.getByRole("option")).toHaveText(["Moe Moderator@mod"]);
  await input.press("Tab");
  await expect(input).toHaveValue("@viewer it is a Juno, ask @mod ");
  await input.press("Enter");

  const body = "@viewer it is a Juno, ask @mod";
  await expect(streamer.getByTestId("chat-replying")).toHaveCount(0);
  await expect(message(streamer, body).getByTestId("chat-reply-preview")).toHaveText(`Replying to ↪ Vic Viewer: ${QUESTION}`);

  // The viewer gets it live: it shows what it answers and stands out because it names them.
  const reply = message(viewer, body);
  await expect(reply.getByTestId("chat-reply-preview")).toContainText(`Vic Viewer: ${QUESTION}`);
  await expect(reply).toHaveAttribute("data-mentions-me", "true");
  await expect(reply.locator(".chat-mention-self")).toHaveText("@viewer");
  await expect(reply.locator(".chat-mention:not(.chat-mention-self)")).toHaveText("@mod");
  await expect(message(streamer, body)).not.toHaveAttribute("data-mentions-me", "true");

  // Clicking the preview loads the earlier messages and lands on the question.
  await reply.getByTestId("chat-reply-preview").click();
  const question = questionIn(viewer);
  await expect(question).toHaveAttribute("data-highlighted", "true");
  await expect(question).toBeFocused();
  await expect(question).toBeInViewport();
  await viewer.screenshot({ path: `${SHOTS}/chat-mentions-jump-desktop.png` });
  await reply.scrollIntoViewIfNeeded();
  await viewer.screenshot({ path: `${SHOTS}/chat-mentions-desktop.png` });
  await expectNoViolations(viewer, "a reply that mentions the viewer, and the message it answers highlighted");

  // Reply can be cancelled with the button and with Esc.
  await message(viewer, body).hover();
  await message(viewer, body).getByRole("button", { name: "Reply to Sam Streamer" }).click();
  await expect(viewer.getByTestId("chat-replying")).toContainText("Replying to @streamer");
  await viewer.getByRole("button", { name: "Cancel reply" }).click();
  await expect(viewer.getByTestId("chat-replying")).toHaveCount(0);
  await message(viewer, body).hover();
  await message(viewer, body).getByRole("button", { name: "Reply to Sam Streamer" }).click();
  await viewer.getByRole("combobox", { name: "Message" }).press("Escape");
  await expect(viewer.getByTestId("chat-replying")).toHaveCount(0);

  await streamer.context().close();
  await viewer.context().close();
});

test("a ?m= link opens the chat at that message, and an unknown one says so", async ({ page }) => {
  await page.goto(`${STREAM}?m=${questionId}`);
  const question = questionIn(page);
  await expect(question).toHaveAttribute("data-highlighted", "true");
  await expect(question).toBeInViewport();

  await page.goto(`${STREAM}?m=no-such-message`);
  await expect(page.getByTestId("chat-jump-note")).toContainText("That message is no longer in the chat.");
});

test("on a 390-px phone: reply, @ autocomplete by touch, the mention highlighted", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await phone.goto(`/signin?callbackUrl=${encodeURIComponent(STREAM)}`);
  await phone.getByLabel("Email").fill(VIEWER.email);
  await phone.getByLabel("Password").fill(VIEWER.password);
  await phone.getByRole("button", { name: "Sign in" }).click();
  await phone.waitForURL(`**${STREAM}`);
  await openChat(phone);

  // Reply is on every message without hovering (touch screens cannot hover).
  const last = message(phone, "chatter 60");
  await last.getByRole("button", { name: "Reply to Ada Admin" }).tap();
  await expect(phone.getByTestId("chat-replying")).toContainText("Replying to @admin");
  const input = phone.getByRole("combobox", { name: "Message" });
  await input.pressSequentially("thanks @a");
  const list = phone.getByRole("listbox", { name: "People to mention" });
  await expect(list.getByRole("option")).toHaveText(["Ada Admin@admin"]);
  await expect(list).toBeInViewport();
  const box = await list.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
  await input.scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${SHOTS}/chat-mentions-autocomplete-phone.png` });
  await list.getByRole("option", { name: /Ada Admin/ }).tap();
  await expect(input).toHaveValue("thanks @admin ");
  await input.press("Enter");
  const sent = message(phone, "thanks @admin");
  await expect(sent.getByTestId("chat-reply-preview")).toContainText("Ada Admin: chatter 60");

  // The moderator's welcome names the viewer: highlighted on the phone too.
  const mention = message(phone, WELCOME);
  await expect(mention).toHaveAttribute("data-mentions-me", "true");
  await mention.scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${SHOTS}/chat-mentions-phone.png` });
  await context.close();
});
