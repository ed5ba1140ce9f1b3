import { hashPassword } from "@onair/auth";
import { createDbClient, type Db } from "@onair/db";
import { expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import type { Account } from "./sign-in";

/**
 * Live-shopping fixtures for the e2e specs (shop-viewer, shop-seller). Data is written straight
 * into the run's database (global-setup.ts puts its URL in E2E_DATABASE_URL); anything viewers
 * must see live (pin, flash sale, stock) goes through the API with `mutate`, which publishes events.
 */

/** The run's database; call `db.$disconnect()` in afterAll. */
export function shopDb(): Db {
  return createDbClient(process.env.E2E_DATABASE_URL!, { poolSize: 1 });
}

/** A short tag of letters only, unique to this run and call (usernames and slugs accept it). */
export function shopTag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.replace(
    /\d/g,
    (digit) => "abcdefghij"[Number(digit)]!,
  );
}

export interface ShopCreator extends Account {
  id: string;
  username: string;
}

/** A creator who can sign in with `email`/`password` (through signIn in sign-in.ts). */
export async function createCreator(db: Db, tag: string): Promise<ShopCreator> {
  const username = `seller_${tag}`;
  const email = `${username}@example.com`;
  const password = "correct horse battery";
  const user = await db.user.create({
    data: { username, email, name: `Seller ${tag}`, passwordHash: await hashPassword(password), canCreateStreams: true },
    select: { id: true },
  });
  return { id: user.id, username, email, password };
}

/** A brand-new buyer account (no orders, no open checkouts). */
export async function createBuyer(db: Db, tag: string): Promise<ShopCreator> {
  const username = `buyer_${tag}`;
  const email = `${username}@example.com`;
  const password = "correct horse battery";
  const user = await db.user.create({
    data: { username, email, name: `Buyer ${tag}`, passwordHash: await hashPassword(password) },
    select: { id: true },
  });
  return { id: user.id, username, email, password };
}

/** A LIVE stream of `ownerId` (YouTube source, so nothing needs an encoder); its path is `/s/<slug>`. */
export async function createLiveStream(db: Db, ownerId: string, tag: string): Promise<{ id: string; slug: string }> {
  return db.liveStream.create({
    data: {
      slug: `shop-${tag}`,
      title: `Shop live ${tag}`,
      ownerId,
      status: "LIVE",
      startedAt: new Date(),
      videoSource: "aqz-KE-bpKQ",
    },
    select: { id: true, slug: true },
  });
}

export interface ProductSpec {
  title: string;
  description?: string;
  /** Minor units. */
  priceCents: number;
  currency?: string;
  /** Keys from `uploadProductImage` (the creator's own uploads). */
  imageKeys?: string[];
  /** Default: one default variant ("") with 10 units. `stock` null: unlimited. */
  variants?: { name: string; priceCents?: number | null; stock: number | null }[];
}

export interface CreatedProduct {
  id: string;
  title: string;
  variants: { id: string; name: string }[];
}

/** An ACTIVE product of `ownerId`, straight in the database. */
export async function createProduct(db: Db, ownerId: string, spec: ProductSpec): Promise<CreatedProduct> {
  const variants = spec.variants ?? [{ name: "", stock: 10 }];
  return db.product.create({
    data: {
      ownerId,
      title: spec.title,
      description: spec.description ?? "",
      priceCents: spec.priceCents,
      currency: spec.currency ?? "USD",
      imageKeys: spec.imageKeys ?? [],
      variants: {
        create: variants.map((variant, position) => ({
          name: variant.name,
          priceCents: variant.priceCents ?? null,
          stock: variant.stock,
          position,
        })),
      },
    },
    select: { id: true, title: true, variants: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
  });
}

/**
 * Puts a product on a stream's shelf (last position), not pinned, straight in the database:
 * no event is sent, so do it before viewers open the page, or use `mutate(owner, "shelf.add", ...)`.
 */
export async function addToShelfInDb(db: Db, streamId: string, productId: string): Promise<void> {
  const last = await db.streamProduct.aggregate({ where: { streamId }, _max: { position: true } });
  await db.streamProduct.create({ data: { streamId, productId, position: (last._max.position ?? -1) + 1 } });
}

/** The stock left of every variant of a product, in position order (what the database says). */
export async function stockOf(db: Db, productId: string): Promise<(number | null)[]> {
  const variants = await db.productVariant.findMany({
    where: { productId, archived: false },
    orderBy: { position: "asc" },
    select: { stock: true },
  });
  return variants.map((variant) => variant.stock);
}

async function resultOf<T>(response: APIResponse, what: string): Promise<T> {
  const text = await response.text();
  expect(response.ok(), `${what} failed: ${text}`).toBe(true);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/** The request context of a page (its cookies: the page's signed-in user) or a bare one. */
function requestOf(from: Page | APIRequestContext): APIRequestContext {
  return "request" in from ? from.request : from;
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

/** A tRPC query over HTTP as the page's signed-in user (superjson wire format; dates come back as strings). */
export async function query<T>(from: Page | APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const url = `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return resultOf<T>(await withFreshSocketRetry(() => requestOf(from).get(url)), procedure);
}

/** A tRPC mutation over HTTP as the page's signed-in user; fails the test when the server refuses. */
export async function mutate<T>(from: Page | APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await withFreshSocketRetry(() => requestOf(from).post(`/api/trpc/${procedure}`, { data: { json: input } }));
  return resultOf<T>(response, procedure);
}

/** A tRPC mutation that the server must refuse: its error's message. */
export async function refusedMutation(from: Page | APIRequestContext, procedure: string, input: unknown): Promise<string> {
  const response = await withFreshSocketRetry(() => requestOf(from).post(`/api/trpc/${procedure}`, { data: { json: input } }));
  const text = await response.text();
  expect(response.ok(), `${procedure} should have been refused: ${text}`).toBe(false);
  return (JSON.parse(text) as { error: { json: { message: string } } }).error.json.message;
}

/** Uploads a product image as the page's signed-in creator (product.uploadImage); its key, for createProduct. */
export async function uploadProductImage(page: Page, png: Buffer): Promise<string> {
  const origin = new URL(page.url()).origin;
  const response = await withFreshSocketRetry(() =>
    page.request.post("/api/trpc/product.uploadImage", {
      headers: { origin },
      multipart: { file: { name: "product.png", mimeType: "image/png", buffer: png } },
    }),
  );
  return (await resultOf<{ key: string }>(response, "product.uploadImage")).key;
}

/** The screenshots of the shop specs: outside git (see /work/shots). */
export function shotPath(name: string): string {
  return `${process.env.E2E_SHOTS_DIR ?? "/work/shots"}/${name}.png`;
}
