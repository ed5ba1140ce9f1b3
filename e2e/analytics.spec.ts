import type { Db } from "@onair/db";
import { expect, test, type Page } from "@playwright/test";
import { collectStreamMetrics } from "@onair/api/jobs";
import { addToShelfInDb, createBuyer, createCreator, createProduct, shopDb, shopTag, shotPath } from "./shop-fixtures";
import { buyOnce } from "./shop-seller-fixtures";
import { signedInPage } from "./sign-in";
import { expectNoViolations } from "./axe";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const MINUTE = 60_000;

/** Full-page screenshots at 1280 and 390 px (/work/shots/analytics-<name>-desktop.png / -phone.png), each checked with axe. */
async function shoot(page: Page, name: string, ready: () => Promise<void>) {
  for (const [viewport, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await ready();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shotPath(`analytics-${name}-${viewport}`), fullPage: true });
    await expectNoViolations(page, `${name} (${viewport})`);
  }
  await page.setViewportSize(DESKTOP);
}

/**
 * The stack's own collector (analytics.collect, every minute) must not close a seeded stream's minutes
 * before its data is in: a cursor far in the future holds it off; `collectFrom` puts the cursor back at
 * the stream's start and collects.
 */
async function holdCollector(db: Db, streamId: string) {
  await db.streamMetricCursor.create({ data: { streamId, through: new Date("2100-01-01T00:00:00Z") } });
}

async function collectFrom(db: Db, streamId: string, startedAt: number) {
  await db.streamMetricCursor.update({ where: { streamId }, data: { through: new Date(startedAt) } });
  await collectStreamMetrics({ db });
}

const at = (base: number, seconds: number) => new Date(base + seconds * 1000);

/** Viewer sessions as [viewerKey, joined s, left s] from `base`. */
async function seedSessions(db: Db, streamId: string, base: number, sessions: [string, number, number][]) {
  await db.viewerSession.createMany({
    data: sessions.map(([viewerKey, joined, left]) => ({ streamId, viewerKey, joinedAt: at(base, joined), leftAt: at(base, left) })),
  });
}

test("the creator's summary of an ended stream: exact numbers, the timeline with its moments, the comparison, tables and CSV; the admin overview", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const db = shopDb();
  const created: string[] = [];
  try {
    const tag = shopTag();
    const creator = await createCreator(db, tag);
    const ana = await createBuyer(db, `${tag}a`);
    const ben = await createBuyer(db, `${tag}b`);
    // The stream ran ten whole minutes, twenty minutes ago.
    const t0 = Math.floor(Date.now() / MINUTE) * MINUTE - 20 * MINUTE;
    const stream = await db.liveStream.create({
      data: {
        slug: `stats-${tag}`,
        title: `Analytics show ${tag}`,
        ownerId: creator.id,
        status: "LIVE",
        startedAt: new Date(t0),
        videoSource: "aqz-KE-bpKQ",
      },
      select: { id: true, slug: true, title: true },
    });
    created.push(stream.id);
    await holdCollector(db, stream.id);
    // A previous stream a day earlier, for the comparison: one viewer for its whole 30 minutes.
    const earlier = t0 - 24 * 60 * MINUTE;
    const previous = await db.liveStream.create({
      data: {
        slug: `stats-before-${tag}`,
        title: `Earlier show ${tag}`,
        ownerId: creator.id,
        status: "ENDED",
        startedAt: new Date(earlier),
        endedAt: new Date(earlier + 30 * MINUTE),
        videoSource: "aqz-KE-bpKQ",
      },
      select: { id: true },
    });
    created.push(previous.id);
    await seedSessions(db, previous.id, earlier, [["prev-1", 0, 1800]]);

    // Four viewers: 600 + 240 + 300 + 300 = 1,440 viewer-seconds over 600 s live (average 2.4), at most 3 at once.
    await seedSessions(db, stream.id, t0, [
      ["key-a", 0, 600],
      ["key-b", 60, 300],
      ["key-c", 120, 420],
      ["key-d", 300, 600],
    ]);
    // Six messages by two people: three in the second minute (1:30, 1:35 by Ana, 1:40 by Ben).
    const messages: [string, number][] = [
      [ana.id, 30],
      [ana.id, 90],
      [ana.id, 95],
      [ben.id, 100],
      [ana.id, 400],
      [ben.id, 410],
    ];
    await db.chatMessage.createMany({
      data: messages.map(([userId, second], index) => ({
        streamId: stream.id,
        seq: index + 1,
        userId,
        body: `Message ${index + 1}`,
        createdAt: at(t0, second),
      })),
    });
    await db.liveStream.update({ where: { id: stream.id }, data: { lastMessageSeq: messages.length } });
    await db.streamLike.create({ data: { streamId: stream.id, userId: ana.id, createdAt: at(t0, 200) } });
    await db.follow.create({ data: { followerId: ben.id, channelId: creator.id, createdAt: at(t0, 250) } });
    // The moments: a pin at 3:00 and a lockdown at 6:00 (going live and the end come from the stream).
    const mug = await createProduct(db, creator.id, { title: `Mug ${tag}`, priceCents: 1250, variants: [{ name: "", stock: 10 }] });
    await db.moderationLog.createMany({
      data: [
        { streamId: stream.id, actorId: creator.id, action: "PRODUCT_PIN", details: { productId: mug.id }, createdAt: at(t0, 180) },
        { streamId: stream.id, actorId: creator.id, action: "SHIELD_ON", createdAt: at(t0, 360) },
      ],
    });
    // One order of two mugs ($25.00) through checkout while live; its minute moved to 6:00 into the stream.
    await addToShelfInDb(db, stream.id, mug.id);
    const buyer = await signedInPage(browser, ben, "/");
    await buyOnce(buyer, { streamId: stream.id, productId: mug.id, variantId: mug.variants[0]!.id, quantity: 2, unitPriceCents: 1250 });
    await buyer.context().close();
    await db.shopMetricMinute.updateMany({ where: { streamId: stream.id }, data: { minute: new Date(t0 + 6 * MINUTE) } });
    await db.liveStream.update({ where: { id: stream.id }, data: { status: "ENDED", endedAt: new Date(t0 + 10 * MINUTE) } });
    await collectFrom(db, stream.id, t0);
    // (Polled: the stack's collector may have taken the stream first; it writes the same ten minutes.)
    await expect.poll(() => db.streamMetricMinute.count({ where: { streamId: stream.id } })).toBe(10);

    // The studio links to the analytics.
    const page = await signedInPage(browser, creator, `/studio/${stream.id}`, DESKTOP);
    await page.getByTestId("studio-analytics-link").click();
    await page.waitForURL(`**/studio/${stream.id}/analytics`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(stream.title);

    const card = (key: string) => page.getByTestId(`card-${key}`);
    await expect(card("peak")).toContainText("3");
    await expect(card("average")).toContainText("2.4");
    await expect(card("unique")).toContainText("4");
    // 1,440 s ÷ 4 viewers = 360 s each; 24 minutes in all.
    await expect(card("watch")).toContainText("6 min 00 s");
    await expect(card("watch")).toContainText("24 min watched in all");
    await expect(card("chatters")).toContainText("2");
    await expect(card("chatters")).toContainText("6 messages");
    // 2 chatters ÷ 4 viewers; 1 liker ÷ 4 viewers.
    await expect(card("chat-engagement")).toContainText("50%");
    await expect(card("like-engagement")).toContainText("25%");
    await expect(card("followers")).toContainText("1");
    await expect(card("orders")).toContainText("1");
    await expect(card("orders")).toContainText("2 units");
    await expect(card("revenue")).toContainText("$25.00");

    // The timeline: a chart, its moments, and the same figures per minute in the table behind it.
    await expect(page.getByTestId("analytics-timeline-chart").locator("svg.recharts-surface[role=application]")).toBeVisible();
    await expect(page.getByTestId("analytics-timeline-chart").locator(".recharts-area-curve")).toHaveCount(1);
    const moments = page.getByTestId("analytics-moments").getByRole("listitem");
    await expect(moments).toHaveCount(4);
    await expect(moments.nth(0)).toContainText("Went live");
    await expect(moments.nth(1)).toContainText(`Pinned Mug ${tag}`);
    const table = page.getByTestId("analytics-timeline-table");
    await table.getByText("Show as a table").click();
    const rows = table.locator("tbody tr");
    await expect(rows).toHaveCount(10);
    // Minute 2 (1:00–2:00): Ana's key all minute and Ben's from 1:00 → 2 on average; 3 messages by 2 chatters.
    await expect(rows.nth(1).locator("td")).toHaveText(["2", "2", "2", "3", "2", "0", "0", "0", "$0.00"]);
    // Minute 7 (6:00–7:00): the order's minute.
    await expect(rows.nth(6).locator("td").nth(7)).toHaveText("1");
    await expect(rows.nth(6).locator("td").nth(8)).toHaveText("$25.00");

    // The comparison with the earlier stream (1 viewer for 30 minutes: average 1).
    const comparison = page.getByTestId("analytics-comparison-table");
    await expect(comparison.locator("tbody tr")).toHaveCount(2);
    await expect(comparison.locator("tbody tr").nth(0)).toContainText("(this stream)");
    await expect(comparison.locator("tbody tr").nth(1)).toContainText(`Earlier show ${tag}`);
    await expect(page.getByTestId("analytics-comparison")).toContainText("+140% average viewers");

    // The CSV export answers with the per-minute rows.
    const csvHref = await page.getByTestId("analytics-csv").getAttribute("href");
    expect(csvHref).toBe(`/api/analytics/${stream.id}.csv`);
    const csv = await page.request.get(csvHref!);
    expect(csv.ok()).toBe(true);
    expect(csv.headers()["content-type"]).toContain("text/csv");

    await shoot(page, "summary", async () => {
      await expect(page.getByTestId("analytics-timeline-chart").locator(".recharts-area-curve")).toHaveCount(1);
    });

    // Someone else's stream's numbers are not shown to a viewer.
    const stranger = await signedInPage(browser, ana, `/studio/${stream.id}/analytics`);
    await expect(stranger.getByTestId("analytics-forbidden")).toBeVisible();
    await stranger.context().close();
    await page.context().close();

    // The admin overview: from the admin panel, with the stream among the most watched; the period changes the address.
    const admin = await signedInPage(browser, { email: "admin@onair.local", password: "onair-admin" }, "/admin", DESKTOP);
    await admin.getByTestId("admin-analytics-link").click();
    await admin.waitForURL("**/admin/analytics");
    await expect(admin.getByTestId("site-analytics-totals")).toBeVisible();
    await expect(admin.getByTestId("site-analytics-top")).toContainText(stream.title);
    await expect(admin.getByTestId("site-analytics-days-chart").locator("svg.recharts-surface[role=application]")).toBeVisible();
    await admin.getByTestId("site-analytics-days").selectOption("7");
    await admin.waitForURL("**/admin/analytics?days=7");
    await expect(admin.getByTestId("site-analytics-top")).toContainText(stream.title);
    await admin.getByTestId("site-analytics-days-table").getByText("Show as a table").click();
    await expect(admin.getByTestId("site-analytics-days-table").locator("tbody tr")).toHaveCount(7);
    await shoot(admin, "admin", async () => {
      await expect(admin.getByTestId("site-analytics-days-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
    });
    await admin.context().close();
  } finally {
    // Later specs count the home page's streams exactly (browse.spec.ts): leave none of these behind.
    await db.liveStream.deleteMany({ where: { id: { in: created } } });
    await db.$disconnect();
  }
});

test("the live panel: viewers as a chart that moves, chat rate, likes and sales, and the owner's switch for moderators", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const db = shopDb();
  const created: string[] = [];
  try {
    const tag = shopTag();
    const creator = await createCreator(db, tag);
    const startedAt = Math.floor(Date.now() / MINUTE) * MINUTE - 6 * MINUTE;
    const stream = await db.liveStream.create({
      data: {
        slug: `live-stats-${tag}`,
        title: `Live numbers ${tag}`,
        ownerId: creator.id,
        status: "LIVE",
        startedAt: new Date(startedAt),
        videoSource: "aqz-KE-bpKQ",
      },
      select: { id: true, slug: true },
    });
    created.push(stream.id);
    await holdCollector(db, stream.id);
    // Five minutes of history: two viewers, then three.
    await seedSessions(db, stream.id, startedAt, [
      ["hist-a", 0, 300],
      ["hist-b", 0, 300],
      ["hist-c", 120, 300],
    ]);
    await collectFrom(db, stream.id, startedAt);

    const studio = await signedInPage(browser, creator, `/studio/${stream.id}`, DESKTOP);
    const panel = studio.getByTestId("live-analytics");
    await expect(panel).toBeVisible();
    const chart = studio.getByTestId("live-viewers-chart");
    await expect(chart.locator("canvas")).toHaveCount(1);
    await expect(panel.getByTestId("live-chat-rate")).toHaveText("0/min");

    // A viewer arrives: the count follows at once and the chart gains live points as time passes.
    const viewer = await (await browser.newContext()).newPage();
    await viewer.goto(`/s/${stream.slug}`);
    await expect(panel.getByTestId("live-watching")).toHaveText("1");
    const points = async () => Number(await chart.getAttribute("data-points"));
    const before = await points();
    await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(before);

    await panel.getByRole("radio", { name: "Whole stream" }).check();
    await panel.getByText("Show the last minutes as a table").click();
    await expect(panel.getByTestId("live-analytics-table").locator("tbody tr")).not.toHaveCount(1);

    await shoot(studio, "live", async () => {
      await expect(chart.locator("canvas")).toHaveCount(1);
    });
    // The panel alone, at a size where it can be read.
    for (const [viewport, size] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await studio.setViewportSize(size);
      await panel.screenshot({ path: shotPath(`analytics-live-panel-${viewport}`) });
    }
    await studio.setViewportSize(DESKTOP);

    // The stream's moderator may not see the analytics until the owner lets the moderators see them.
    const moderator = await createBuyer(db, `${tag}m`);
    await db.streamModerator.create({ data: { streamId: stream.id, userId: moderator.id, appointedById: creator.id } });
    const modPage = await signedInPage(browser, moderator, `/studio/${stream.id}/analytics`);
    await expect(modPage.getByTestId("analytics-forbidden")).toBeVisible();
    await panel.getByTestId("analytics-moderators-allowed").check();
    await expect(panel.getByRole("status")).toContainText("moderators can now see");
    expect(await db.liveStream.findUniqueOrThrow({ where: { id: stream.id }, select: { analyticsModeratorsAllowed: true } })).toEqual({
      analyticsModeratorsAllowed: true,
    });
    await modPage.reload();
    await expect(modPage.getByTestId("analytics-summary")).toBeVisible();
    await expect(modPage.getByRole("link", { name: "← Moderator dashboard" })).toHaveAttribute("href", `/mod/${stream.slug}`);
    await modPage.context().close();
    await panel.getByTestId("live-analytics-full").click();
    await studio.waitForURL(`**/studio/${stream.id}/analytics`);
    await expect(studio.getByTestId("analytics-summary")).toBeVisible();
    await viewer.context().close();
    await studio.context().close();
  } finally {
    // Later specs count the home page's streams exactly (browse.spec.ts): leave none of these behind.
    await db.liveStream.deleteMany({ where: { id: { in: created } } });
    await db.$disconnect();
  }
});
