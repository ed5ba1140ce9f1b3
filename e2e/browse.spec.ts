import AxeBuilder from "@axe-core/playwright";
import { createDbClient, type Db } from "@onair/db";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

const VIEWER = { email: "viewer@onair.local", password: "onair-viewer" };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const PAST_STREAMS = 25;

/** This run's own creator and streams: letters only, so each search finds only them. */
const tag = Date.now()
  .toString(36)
  .replace(/\d/g, (digit) => "abcdefghij"[Number(digit)]!);
const CREATOR = { username: `orla_${tag}`, name: `Orla Orbit${tag}` };
const LIVE_TITLE = `Comet watch ${tag}`;

let db: Db;
let creatorId: string;

test.beforeAll(async () => {
  db = createDbClient(process.env.E2E_DATABASE_URL!, { poolSize: 1 });
  const creator = await db.user.create({ data: { ...CREATOR, canCreateStreams: true }, select: { id: true } });
  creatorId = creator.id;
  const now = Date.now();
  const day = 24 * 3_600_000;
  await db.liveStream.create({
    data: {
      slug: `comet-${tag}`,
      title: LIVE_TITLE,
      ownerId: creatorId,
      status: "LIVE",
      startedAt: new Date(),
      videoSource: "aqz-KE-bpKQ",
    },
  });
  // Older than the demo's past stream, so the demo stays first on the home page for the other specs.
  await db.liveStream.createMany({
    data: Array.from({ length: PAST_STREAMS }, (_, index) => ({
      slug: `orbit-${tag}-${index + 1}`,
      title: `Orbit session ${index + 1}`,
      ownerId: creatorId,
      status: "ENDED" as const,
      startedAt: new Date(now - 30 * day - (index + 1) * 3_600_000),
      endedAt: new Date(now - 30 * day - index * 3_600_000),
      videoProvider: "HLS" as const,
      videoSource: "https://cdn.example/orbit.m3u8",
    })),
  });
});

test.afterAll(async () => {
  await db.liveStream.deleteMany({ where: { ownerId: creatorId } });
  await db.user.delete({ where: { id: creatorId } });
  await db.$disconnect();
});

async function search(page: Page, text: string) {
  await page.getByRole("searchbox", { name: "Search streams" }).fill(text);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(`**/search?q=${encodeURIComponent(text).replace(/%20/g, "+")}`);
}

/** Screenshots on a desktop and a phone, each checked for WCAG 2.1 AA violations first. */
async function screenshots(page: Page, name: string) {
  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(
      results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
      `axe violations on ${name} (${size})`,
    ).toEqual([]);
    // The whole page on a desktop; the first screen on a phone (the whole page there is a very long strip).
    await page.screenshot({ path: `/work/shots/browse-${name}-${size}.png`, fullPage: size === "desktop" });
  }
  await page.setViewportSize(DESKTOP);
}

test("the home page pages past streams with its Load more button", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto("/");
  const past = page.getByRole("region", { name: "Past streams" });
  await expect(past.getByTestId("stream-card")).toHaveCount(20);
  await expect(past.getByTestId("stream-card").first()).toContainText("Ask me anything");
  await expect(page.getByRole("region", { name: "Live now" }).getByTestId("stream-card").filter({ hasText: LIVE_TITLE })).toHaveCount(1);
  await screenshots(page, "home");

  await past.getByRole("button", { name: "More past streams" }).click();
  await expect(past.getByTestId("stream-card")).toHaveCount(PAST_STREAMS + 1);
  await expect(past.getByRole("button", { name: "More past streams" })).toHaveCount(0);
});

test("search finds streams by title and by creator, with load more and an empty state", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto("/");
  await search(page, LIVE_TITLE.toUpperCase());
  await expect(page.getByRole("heading", { level: 1 })).toContainText(LIVE_TITLE.toUpperCase());
  const live = page.getByRole("region", { name: "Live now" });
  await expect(live.getByTestId("stream-card")).toHaveCount(1);
  await expect(live.getByTestId("stream-card")).toContainText(CREATOR.name);
  await expect(page.getByRole("region", { name: "Past streams" })).toHaveCount(0);

  await search(page, CREATOR.name);
  await expect(page.getByRole("region", { name: "Live now" }).getByTestId("stream-card")).toHaveCount(1);
  const past = page.getByRole("region", { name: "Past streams" });
  await expect(past.getByTestId("stream-card")).toHaveCount(20);
  await screenshots(page, "search");
  await past.getByRole("button", { name: "More past streams" }).click();
  await expect(past.getByTestId("stream-card")).toHaveCount(PAST_STREAMS);
  await expect(past.getByTestId("stream-card").last()).toContainText(`Orbit session ${PAST_STREAMS}`);

  await search(page, `nothing ${tag}`);
  await expect(page.getByTestId("search-no-results")).toContainText(`No streams match “nothing ${tag}”`);
  await page.goto("/search");
  await expect(page.getByRole("heading", { name: "Search", level: 1 })).toBeVisible();
});

test("a card's owner opens the channel, which lists its streams and can be followed", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto(`/search?q=${encodeURIComponent(LIVE_TITLE)}`);
  await page.getByTestId("stream-card-owner").filter({ hasText: CREATOR.name }).click();
  await page.waitForURL(`**/c/${CREATOR.username}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(CREATOR.name);
  await expect(page.getByTestId("channel-followers")).toHaveText("0 followers");
  await expect(page.getByRole("link", { name: "Sign in to follow" })).toBeVisible();
  const past = page.getByRole("region", { name: "Past streams" });
  await expect(past.getByTestId("stream-card")).toHaveCount(20);
  await past.getByRole("button", { name: "More past streams" }).click();
  await expect(past.getByTestId("stream-card")).toHaveCount(PAST_STREAMS);
  await expect(page.getByRole("region", { name: "Upcoming" })).toContainText("No scheduled streams.");

  // A card's title opens the stream.
  await page.getByRole("region", { name: "Live now" }).getByRole("link", { name: LIVE_TITLE }).click();
  await page.waitForURL(`**/s/comet-${tag}`);

  await signIn(page, VIEWER, `/c/${CREATOR.username}`);
  const follow = page.getByTestId("follow-button");
  await expect(follow).toHaveText("Follow");
  await follow.click();
  await expect(follow).toHaveText("Following");
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("channel-followers")).toHaveText("1 follower");
  await screenshots(page, "channel");
  await page.reload();
  await expect(page.getByTestId("follow-button")).toHaveText("Following");
  await page.getByTestId("follow-button").click();
  await expect(page.getByTestId("channel-followers")).toHaveText("0 followers");

  await page.goto(`/c/%40${CREATOR.username.toUpperCase()}`);
  await page.waitForURL(`**/c/${CREATOR.username}`);
  await page.goto("/c/nobody_at_all");
  await expect(page.getByRole("heading", { name: "Channel not found" })).toBeVisible();
});
