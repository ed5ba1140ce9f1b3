import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamEvent } from "../src/events/types";
import { createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { addToShelf, createProduct, refusal } from "./shop-fixtures";
import { createCreator, openStudioMedia, studioCaller, type StudioMedia } from "./studio-fixtures";

// Real PostgreSQL, bus and media storage (a temporary directory).
let env: TestEnv;
let media: StudioMedia;
beforeAll(async () => {
  env = openTestEnv();
  media = await openStudioMedia();
});
afterAll(async () => {
  await Promise.all([env.close(), media.cleanup()]);
});

type TestUser = Awaited<ReturnType<typeof createUser>>;
const api = (user: TestUser | null) => studioCaller(env, user, media);

const mug = {
  title: "Enamel mug",
  description: "Holds coffee.",
  priceCents: 1250,
  currency: "EUR",
  variants: [
    { name: "Red", stock: 5 },
    { name: "Blue", priceCents: 1400, stock: null },
  ],
};

/** Everything about a product in the database, to check a refused change left it as it was. */
async function stored(productId: string) {
  return env.db.product.findUniqueOrThrow({
    where: { id: productId },
    include: { variants: { orderBy: { id: "asc" } } },
  });
}

async function png(width = 2400, height = 1600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .png()
    .toBuffer();
}

function imageForm(bytes: Buffer): FormData {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)]), "photo.png");
  return form;
}

describe("catalog", () => {
  it("creates, lists, gets, updates and archives a creator's products", async () => {
    const seller = await createCreator(env.db);
    const created = await api(seller).product.create(mug);
    expect(created).toMatchObject({
      title: "Enamel mug",
      description: "Holds coffee.",
      priceCents: 1250,
      currency: "EUR",
      images: [],
      status: "ACTIVE",
      variants: [
        { name: "Red", priceCents: null, stock: 5, position: 0 },
        { name: "Blue", priceCents: 1400, stock: null, position: 1 },
      ],
    });
    expect(await api(seller).product.get({ productId: created.id })).toEqual(created);

    const second = await api(seller).product.create({ ...mug, title: "Tea towel", variants: [{ name: "", stock: 3 }] });
    const listed = await api(seller).product.list({});
    expect(listed.items.map((product) => product.id)).toEqual([second.id, created.id]);
    expect((await api(seller).product.list({ search: "towel" })).items.map((product) => product.id)).toEqual([second.id]);
    const firstPage = await api(seller).product.list({ limit: 1 });
    expect(firstPage.items).toHaveLength(1);
    const nextPage = await api(seller).product.list({ limit: 1, cursor: firstPage.nextCursor });
    expect(nextPage.items.map((product) => product.id)).toEqual([created.id]);
    expect(nextPage.nextCursor).toBeNull();

    const [red, blue] = created.variants;
    const updated = await api(seller).product.update({
      productId: created.id,
      title: "Big enamel mug",
      priceCents: 1300,
      // Blue renamed to Red and Red to Blue at once, a new Green, nothing else.
      variants: [
        { id: blue!.id, name: "Red", priceCents: 1500, stock: 2 },
        { id: red!.id, name: "Blue", stock: 4 },
        { name: "Green", stock: 0 },
      ],
    });
    expect(updated).toMatchObject({ title: "Big enamel mug", priceCents: 1300 });
    expect(updated.variants.map(({ id, name, priceCents, stock }) => ({ id, name, priceCents, stock }))).toEqual([
      { id: blue!.id, name: "Red", priceCents: 1500, stock: 2 },
      { id: red!.id, name: "Blue", priceCents: null, stock: 4 },
      { id: updated.variants[2]!.id, name: "Green", priceCents: null, stock: 0 },
    ]);
    expect([red!.id, blue!.id]).not.toContain(updated.variants[2]!.id);

    // A variant left out is archived, not deleted (orders point at variants); naming it again brings it back.
    const withoutGreen = await api(seller).product.update({
      productId: created.id,
      variants: updated.variants.slice(0, 2).map(({ id, name, stock }) => ({ id, name, stock })),
    });
    expect(withoutGreen.variants.map((variant) => variant.name)).toEqual(["Red", "Blue"]);
    const green = updated.variants[2]!;
    expect(await env.db.productVariant.findUniqueOrThrow({ where: { id: green.id } })).toMatchObject({ archived: true });
    const greenBack = await api(seller).product.update({
      productId: created.id,
      variants: [...withoutGreen.variants.map(({ id, name, stock }) => ({ id, name, stock })), { name: "Green", stock: 9 }],
    });
    expect(greenBack.variants[2]).toMatchObject({ id: green.id, name: "Green", stock: 9 });

    // A kept variant may take the name of one being archived.
    const renamed = await api(seller).product.update({
      productId: created.id,
      variants: [{ id: greenBack.variants[0]!.id, name: "Blue", stock: 1 }],
    });
    expect(renamed.variants.map(({ id, name }) => ({ id, name }))).toEqual([{ id: greenBack.variants[0]!.id, name: "Blue" }]);
    expect(await env.db.productVariant.count({ where: { productId: created.id, archived: true } })).toBe(2);

    const archived = await api(seller).product.setStatus({ productId: second.id, status: "ARCHIVED" });
    expect(archived.status).toBe("ARCHIVED");
    expect((await api(seller).product.list({})).items.map((product) => product.id)).toEqual([created.id]);
    expect((await api(seller).product.list({ status: "ARCHIVED" })).items.map((product) => product.id)).toEqual([second.id]);
  });

  it("keeps every creator's catalog to themselves", async () => {
    const [seller, other] = [await createCreator(env.db), await createCreator(env.db)];
    const product = await createProduct(env.db, seller.id);
    const before = await stored(product.id);
    for (const attempt of [
      () => api(other).product.get({ productId: product.id }),
      () => api(other).product.update({ productId: product.id, title: "Mine now" }),
      () => api(other).product.setStatus({ productId: product.id, status: "ARCHIVED" }),
      () => api(other).product.get({ productId: "no-such-product" }),
    ]) {
      expect(await refusal(attempt())).toEqual({ code: "NOT_FOUND", message: "No product with that id." });
    }
    expect((await api(other).product.list({})).items).toEqual([]);
    expect(await stored(product.id)).toEqual(before);
  });

  it("refuses every bad product with a specific error and stores nothing", async () => {
    const seller = await createCreator(env.db);
    const cases: [object, RegExp][] = [
      [{ priceCents: -1 }, /price cannot be negative/],
      [{ priceCents: 12.5 }, /whole numbers/],
      [{ priceCents: 100_000_001 }, /at most 100000000/],
      [{ currency: "XYZ" }, /Unknown currency/],
      [{ currency: "eur" }, /three-letter ISO 4217 code in capitals/],
      [{ title: "x".repeat(121) }, /title is at most 120 characters/],
      [{ title: "   " }, /needs a title/],
      [{ description: "x".repeat(2001) }, /at most 2000 characters/],
      [{ variants: [] }, /at least one variant/],
      [{ variants: Array.from({ length: 51 }, (_, index) => ({ name: `V${index}`, stock: 1 })) }, /at most 50 variants/],
      [
        {
          variants: [
            { name: "Red", stock: 1 },
            { name: "red", stock: 2 },
          ],
        },
        /same name/,
      ],
      [{ variants: [{ name: "Red", stock: -1 }] }, /Stock cannot be negative/],
      [{ variants: [{ name: "Red", stock: 1, priceCents: -5 }] }, /price cannot be negative/],
      [{ variants: [{ name: "x".repeat(41), stock: 1 }] }, /at most 40 characters/],
      [{ imageKeys: ["../../etc/passwd"] }, /Upload images with product.uploadImage first/],
      [{ imageKeys: Array.from({ length: 9 }, (_, index) => `k${index}`) }, /at most 8 images/],
    ];
    for (const [change, message] of cases) {
      const refused = await refusal(api(seller).product.create({ ...mug, ...change }));
      expect(refused.code, JSON.stringify(change).slice(0, 80)).toBe("BAD_REQUEST");
      expect(refused.message, JSON.stringify(change).slice(0, 80)).toMatch(message);
    }
    expect(await env.db.product.count({ where: { ownerId: seller.id } })).toBe(0);
  });

  it("refuses bad updates with a specific error and changes nothing", async () => {
    const [seller, other] = [await createCreator(env.db), await createCreator(env.db)];
    const product = await createProduct(env.db, seller.id, { variants: [{ name: "S" }, { name: "M" }] });
    const foreign = await createProduct(env.db, other.id);
    const before = await stored(product.id);
    const [small, medium] = product.variants;

    expect(
      await refusal(
        api(seller).product.update({
          productId: product.id,
          title: "Changed",
          variants: [{ id: foreign.variants[0]!.id, name: "S", stock: 1 }],
        }),
      ),
    ).toEqual({ code: "BAD_REQUEST", message: "That variant belongs to another product." });
    const bad: [object, RegExp][] = [
      [{ priceCents: -100 }, /negative/],
      [{ priceCents: 0.5 }, /whole numbers/],
      [{ currency: "XYZ" }, /Unknown currency/],
      [{ currency: "usd" }, /capitals/],
      [{ title: "y".repeat(121) }, /at most 120/],
      [
        {
          variants: [
            { id: small!.id, name: "Same", stock: 1 },
            { id: medium!.id, name: "Same", stock: 1 },
          ],
        },
        /same name/,
      ],
      [
        {
          variants: [
            { id: small!.id, name: "S", stock: 1 },
            { id: small!.id, name: "M", stock: 1 },
          ],
        },
        /listed twice/,
      ],
      [{ variants: Array.from({ length: 51 }, (_, index) => ({ name: `V${index}`, stock: 1 })) }, /at most 50 variants/],
    ];
    for (const [change, message] of bad) {
      const refused = await refusal(api(seller).product.update({ productId: product.id, title: "Changed", ...change }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.message).toMatch(message);
    }
    expect(await stored(product.id)).toEqual(before);
  });

  it("refuses a new currency once the product has orders", async () => {
    const seller = await createCreator(env.db);
    const buyer = await createUser(env.db);
    const stream = await createStream(env.db, seller.id);
    const product = await createProduct(env.db, seller.id);
    const checkout = await env.db.checkout.create({
      data: {
        requestId: crypto.randomUUID(),
        userId: buyer.id,
        streamId: stream.id,
        productId: product.id,
        variantId: product.variants[0]!.id,
        quantity: 1,
        unitPriceCents: 1250,
        currency: "EUR",
        status: "PLACED",
        expiresAt: new Date(Date.now() + 600_000),
      },
    });
    await env.db.order.create({
      data: {
        number: `T${Date.now().toString(36).toUpperCase()}`,
        checkoutId: checkout.id,
        userId: buyer.id,
        sellerId: seller.id,
        streamId: stream.id,
        productId: product.id,
        variantId: product.variants[0]!.id,
        productTitle: product.title,
        variantName: "",
        quantity: 1,
        unitPriceCents: 1250,
        totalCents: 1250,
        currency: "EUR",
        paymentProvider: "COD",
        shippingAddress: { name: "A", line1: "B", city: "C", postalCode: "1", country: "DE" },
      },
    });
    expect(await refusal(api(seller).product.update({ productId: product.id, currency: "USD" }))).toEqual({
      code: "CONFLICT",
      message: "The currency cannot change once the product has orders.",
    });
    expect((await stored(product.id)).currency).toBe("EUR");
    // Other changes still work.
    expect(await api(seller).product.update({ productId: product.id, currency: "EUR", title: "Still EUR" })).toMatchObject({
      title: "Still EUR",
    });
  });

  it("tells viewers of every shelf with the product about price, stock and archive changes", async () => {
    const seller = await createCreator(env.db);
    const stream = await createStream(env.db, seller.id);
    const ended = await createStream(env.db, seller.id, "ENDED");
    const product = await createProduct(env.db, seller.id, { variants: [{ name: "", stock: 4 }] });
    await addToShelf(env.db, stream.id, product.id);
    await addToShelf(env.db, ended.id, product.id);
    const abort = new AbortController();
    const events: StreamEvent[] = [];
    const feed = (await env.bus.subscribe(stream.id, abort.signal))[Symbol.asyncIterator]();

    await api(seller).product.update({
      productId: product.id,
      priceCents: 999,
      variants: [{ id: product.variants[0]!.id, name: "", stock: 1 }],
    });
    while (events.length < 2) events.push((await feed.next()).value as StreamEvent);
    expect(events[0]).toMatchObject({
      type: "products.updated",
      streamId: stream.id,
      product: { productId: product.id, priceCents: 999, stockLeft: 1, variants: [{ priceCents: 999, stockLeft: 1 }] },
    });
    expect(events[1]).toMatchObject({
      type: "products.stock",
      streamId: stream.id,
      stock: { productId: product.id, stockLeft: 1, soldOut: false },
    });

    await api(seller).product.setStatus({ productId: product.id, status: "ARCHIVED" });
    const shelfEvent = (await feed.next()).value as StreamEvent;
    expect(shelfEvent).toEqual({ type: "products.shelf", streamId: stream.id, shelf: [] });
    expect(await api(null).shelf.list({ streamId: stream.id })).toEqual([]);
    abort.abort();
  });
});

describe("product images", () => {
  it("stores an upload as WebP within 1200×1200 and serves it under /media/products", async () => {
    const seller = await createCreator(env.db);
    const uploaded = await api(seller).product.uploadImage(imageForm(await png(2400, 1600)));
    expect(uploaded.key).toMatch(new RegExp(`^${seller.id.toLowerCase()}-[0-9a-f]{16}\\.webp$`));
    expect(uploaded.url).toBe(`/media/products/${uploaded.key}`);
    const metadata = await sharp(path(uploaded.key)).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 1200, height: 800 });

    const product = await api(seller).product.create({ ...mug, imageKeys: [uploaded.key] });
    expect(product.images).toEqual([uploaded]);
    // Someone else cannot use that upload.
    const other = await createCreator(env.db);
    expect(await refusal(api(other).product.create({ ...mug, imageKeys: [uploaded.key] }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses what is not an image, and non-creators", async () => {
    const seller = await createCreator(env.db);
    expect(await refusal(api(seller).product.uploadImage(imageForm(Buffer.from("not an image at all"))))).toEqual({
      code: "BAD_REQUEST",
      message: "Images must be JPEG, PNG or WebP.",
    });
    expect(await refusal(api(seller).product.uploadImage(new FormData()))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(api(null).product.uploadImage(imageForm(await png(10, 10))))).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

function path(key: string): string {
  return `${media.dir}/products/${key}`;
}
