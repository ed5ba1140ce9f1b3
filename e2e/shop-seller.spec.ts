import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { addToShelfInDb, createBuyer, createCreator, createLiveStream, createProduct, shopDb, shopTag, stockOf } from "./shop-fixtures";
import { gradientPng } from "./png";
import { buyOnce } from "./shop-seller-fixtures";
import { signedInPage } from "./sign-in";
import { expectNoViolations } from "./axe";

const SHOTS = "/work/shots";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Full-page screenshots on a desktop and a 390-px phone, each checked with axe. */
async function shoot(page: Page, name: string) {
  for (const [viewport, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/seller-${name}-${viewport}.png`, fullPage: true });
    await expectNoViolations(page, `${name} (${viewport})`);
  }
  await page.setViewportSize(DESKTOP);
}

/** Answers a ConfirmButton: the opener, then the button that does it. */
async function confirm(row: Locator, action: string) {
  await row.getByTestId(`order-${action}`).click();
  await row.getByTestId(`order-${action}-confirm`).click();
}

test("a creator builds a product, runs the Shop panel during a live stream and handles its orders live", async ({ browser }) => {
  test.setTimeout(180_000);
  const db = shopDb();
  try {
    const tag = shopTag();
    const creator = await createCreator(db, tag);
    const buyer = await createBuyer(db, tag);
    const stream = await createLiveStream(db, creator.id, tag);
    const seller = await signedInPage(browser, creator, "/studio");

    // The catalog: from the studio's navigation, empty at first.
    await seller.getByTestId("studio-products").click();
    await seller.waitForURL("**/studio/products");
    await expect(seller.getByTestId("catalog-empty")).toBeVisible();
    await seller.getByTestId("product-new").click();
    await seller.waitForURL("**/studio/products/new");

    // A product with two options; a price with too many decimals is refused next to its field, and nothing is saved.
    const form = seller.getByTestId("product-form");
    await form.getByLabel("Title").fill("Stoneware mug");
    await form.getByLabel("Description (optional)").fill("Glazed by hand, 350 ml.");
    await form.getByLabel("Price", { exact: true }).fill("24.505");
    await form
      .getByTestId("product-image-input")
      .setInputFiles({ name: "mug.png", mimeType: "image/png", buffer: gradientPng(320, 240, [230, 0, 120], [230, 160, 40]) });
    await expect(form.getByTestId("product-image")).toHaveCount(1);
    await form.getByLabel("Option 1 name").fill("Small");
    await form.getByLabel("Option 1 stock").fill("5");
    await form.getByTestId("variant-add").click();
    await form.getByLabel("Option 2 name").fill("Large");
    await form.getByLabel("Option 2 price").fill("26");
    await form.getByLabel("Option 2 stock").fill("3");
    await form.getByTestId("product-save").click();
    await expect(form.getByTestId("error-price")).toHaveText("USD prices have at most 2 decimals.");
    expect(await db.product.count({ where: { ownerId: creator.id } })).toBe(0);
    await form.getByLabel("Price", { exact: true }).fill("24.50");
    await form.getByTestId("product-save").click();
    await seller.waitForURL(/\/studio\/products\/[^/?]+\?created=1$/);
    await expect(seller.getByText("Product created.")).toBeVisible();
    const productId = new URL(seller.url()).pathname.split("/").pop()!;
    const product = await db.product.findUniqueOrThrow({
      where: { id: productId },
      select: { ownerId: true, priceCents: true, currency: true, imageKeys: true, variants: { orderBy: { position: "asc" } } },
    });
    expect(product).toMatchObject({ ownerId: creator.id, priceCents: 2450, currency: "USD" });
    expect(product.imageKeys).toHaveLength(1);
    expect(product.variants.map((variant) => [variant.name, variant.priceCents, variant.stock])).toEqual([
      ["Small", null, 5],
      ["Large", 2600, 3],
    ]);
    const [small, large] = product.variants;
    await shoot(seller, "product-form");

    await seller.goto("/studio/products");
    await expect(seller.getByTestId("catalog-product")).toHaveCount(1);
    await expect(seller.getByTestId("catalog-product")).toContainText("$24.50");
    await expect(seller.getByTestId("catalog-product")).toContainText("2 options · 8 in stock");
    await shoot(seller, "catalog");

    // The Shop panel of the live stream: add the product to the shelf and pin it.
    await seller.goto(`/studio/${stream.id}`);
    const panel = seller.getByTestId("shop-panel");
    await expect(panel.getByTestId("ticker-orders")).toHaveText("0");
    await panel.getByTestId("shelf-add-select").selectOption(productId);
    await panel.getByTestId("shelf-add").click();
    const item = panel.getByTestId("shelf-item");
    await expect(item).toHaveCount(1);
    await expect(item.getByTestId("shelf-stock")).toHaveText("8 left");
    await item.getByTestId("shelf-pin").click();
    await expect(item.getByTestId("shelf-pin")).toHaveText("Unpin");
    await expect(item).toContainText("Pinned");
    expect(await db.streamProduct.findFirstOrThrow({ where: { streamId: stream.id, productId }, select: { pinnedAt: true } })).toEqual({
      pinnedAt: expect.any(Date),
    });

    // A buyer orders: the order appears live at the top of the panel and the ticker counts it.
    const buyerPage = await signedInPage(browser, buyer, "/");
    const first = await buyOnce(buyerPage, { streamId: stream.id, productId, variantId: small!.id, quantity: 1, unitPriceCents: 2450 });
    const firstRow = panel.locator(`[data-testid="order-row"][data-order-number="${first.number}"]`);
    await expect(firstRow).toBeVisible();
    await expect(firstRow.getByTestId("order-status")).toHaveText("Pending");
    await expect(panel.getByTestId("ticker-orders")).toHaveText("1");
    await expect(panel.getByTestId("ticker-units")).toHaveText("1");
    await expect(panel.getByTestId("ticker-revenue")).toHaveText("$24.50");
    await expect(item.getByTestId("shelf-stock")).toHaveText("7 left");

    // Fulfil it; its details show where it goes.
    await confirm(firstRow, "fulfil");
    await expect(firstRow.getByTestId("order-status")).toHaveText("Fulfilled");
    await firstRow.getByTestId("order-details").click();
    await expect(firstRow.getByTestId("order-detail")).toContainText("1 Market Street");
    await expect(firstRow.getByTestId("order-detail")).toContainText("United States");

    // A second order, then cancelled: its units go back on sale.
    const second = await buyOnce(buyerPage, { streamId: stream.id, productId, variantId: large!.id, quantity: 2, unitPriceCents: 2600 });
    const secondRow = panel.locator(`[data-testid="order-row"][data-order-number="${second.number}"]`);
    await expect(panel.getByTestId("order-row").first()).toHaveAttribute("data-order-number", second.number);
    await expect(panel.getByTestId("ticker-units")).toHaveText("3");
    await expect(panel.getByTestId("ticker-revenue")).toHaveText("$76.50");
    await expect(item.getByTestId("shelf-stock")).toHaveText("5 left");
    await confirm(secondRow, "cancel");
    await expect(secondRow.getByTestId("order-status")).toHaveText("Cancelled");
    await expect(panel.getByTestId("ticker-orders")).toHaveText("1");
    await expect(panel.getByTestId("ticker-revenue")).toHaveText("$24.50");
    await expect(item.getByTestId("shelf-stock")).toHaveText("7 left");
    expect(await stockOf(db, productId)).toEqual([4, 3]);

    // The filter shows one status at a time.
    await panel.getByTestId("orders-filter").selectOption("CANCELLED");
    await expect(panel.getByTestId("order-row")).toHaveCount(1);
    await expect(panel.getByTestId("order-row")).toHaveAttribute("data-order-number", second.number);
    await panel.getByTestId("orders-filter").selectOption("");
    await expect(panel.getByTestId("order-row")).toHaveCount(2);

    // The CSV export has both orders.
    const [download] = await Promise.all([seller.waitForEvent("download"), panel.getByTestId("orders-csv").click()]);
    const csv = await readFile(await download.path(), "utf8");
    expect(csv).toContain(first.number);
    expect(csv).toContain(second.number);
    expect(csv).toContain(buyer.username);

    // A flash sale: a price that is not a deal is refused in the dialog; a deal with a countdown shows the running sale.
    await item.getByTestId("shelf-flash-sale").click();
    const dialog = seller.getByTestId("flash-sale-dialog");
    await dialog.getByLabel("Deal price (USD)").fill("24.50");
    await dialog.getByTestId("flash-sale-start").click();
    await expect(dialog.getByText("A deal price is below the product's lowest price, $24.50.")).toBeVisible();
    await dialog.getByLabel("Deal price (USD)").fill("19.99");
    await dialog.getByLabel("Countdown first").selectOption("30");
    await dialog.getByLabel("Units at this price").fill("4");
    await dialog.getByLabel("Per buyer, at most").fill("2");
    await dialog.getByTestId("flash-sale-start").click();
    await expect(dialog).toBeHidden();
    const sale = item.getByTestId("flash-sale-running");
    await expect(sale).toContainText("$19.99");
    await expect(sale).toContainText("starts in");
    await expect(sale).toContainText("4 of 4 left");
    await expect(sale.getByTestId("flash-sale-countdown")).toHaveText(/^\d+ s$/);
    expect(
      await db.flashSale.findFirstOrThrow({
        where: { streamId: stream.id, productId },
        select: { priceCents: true, totalQuantity: true, perBuyerLimit: true },
      }),
    ).toEqual({ priceCents: 1999, totalQuantity: 4, perBuyerLimit: 2 });
    await shoot(seller, "shop-panel");
    // The sticky site header would cover the top of an element screenshot.
    await seller.addStyleTag({ content: ".site-header { position: static !important; }" });
    for (const [viewport, size] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await seller.setViewportSize(size);
      await panel.screenshot({ path: `${SHOTS}/seller-shop-panel-only-${viewport}.png` });
    }
    await seller.setViewportSize(DESKTOP);

    // Stopped from the panel: the running sale goes.
    await sale.getByTestId("flash-sale-stop").click();
    await expect(item.getByTestId("flash-sale-running")).toHaveCount(0);
  } finally {
    await db.$disconnect();
  }
});

test("a moderator runs the shop from the moderator dashboard once the owner allows it", async ({ browser }) => {
  test.setTimeout(120_000);
  const db = shopDb();
  try {
    const tag = shopTag();
    const creator = await createCreator(db, tag);
    const moderator = await createBuyer(db, `${tag}m`);
    const stream = await createLiveStream(db, creator.id, tag);
    await db.streamModerator.create({ data: { streamId: stream.id, userId: moderator.id, appointedById: creator.id } });
    const product = await createProduct(db, creator.id, { title: "Tote bag", priceCents: 1800 });
    await addToShelfInDb(db, stream.id, product.id);

    // Not allowed yet: the dashboard asks, is refused, and shows no Shop tab.
    const modPage = await signedInPage(browser, moderator, "/");
    const probe = modPage.waitForResponse((response) => response.url().includes("orders.forStream"));
    await modPage.goto(`/mod/${stream.slug}`);
    // A batch may carry other calls too: the refusal is in its body.
    expect(await (await probe).text()).toContain("FORBIDDEN");
    await expect(modPage.getByRole("tab", { name: "Audit log" })).toBeVisible();
    await expect(modPage.getByRole("tab", { name: "Shop" })).toHaveCount(0);

    // The owner allows it in the studio's Shop panel.
    const owner = await signedInPage(browser, creator, `/studio/${stream.id}`);
    await owner.getByTestId("shop-moderators-allowed").check();
    await expect(owner.getByText("Your moderators can now run the shop.")).toBeVisible();
    expect(await db.liveStream.findUniqueOrThrow({ where: { id: stream.id }, select: { shopModeratorsAllowed: true } })).toEqual({
      shopModeratorsAllowed: true,
    });

    // Now the moderator has the Shop tab: the shelf (without the owner's catalog) and the orders.
    await modPage.reload();
    await modPage.getByRole("tab", { name: "Shop" }).click();
    const panel = modPage.getByTestId("shop-panel");
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId("shop-moderators-allowed")).toHaveCount(0);
    await expect(panel.getByTestId("shelf-add-select")).toHaveCount(0);
    await expect(panel.getByTestId("orders-empty")).toBeVisible();
    const item = panel.getByTestId("shelf-item");
    await item.getByTestId("shelf-pin").click();
    await expect(item.getByTestId("shelf-pin")).toHaveText("Unpin");
    // The owner's open panel follows the moderator's change live.
    await expect(owner.getByTestId("shop-panel").getByTestId("shelf-item")).toContainText("Pinned");
    expect(await db.streamProduct.findFirstOrThrow({ where: { streamId: stream.id }, select: { pinnedAt: true } })).toEqual({
      pinnedAt: expect.any(Date),
    });
    await modPage.setViewportSize(PHONE);
    await modPage.addStyleTag({ content: ".site-header { position: static !important; }" });
    await panel.screenshot({ path: `${SHOTS}/seller-mod-shop-phone.png` });
    await expectNoViolations(modPage, "moderator shop tab");
  } finally {
    await db.$disconnect();
  }
});
