import type { StreamCreationPolicy } from "@onair/db";
import { TRPCError, type AnyTRPCProcedure } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { appRouter } from "../src/root";
import type { Access } from "../src/trpc";
import { callerFor, createStream, createUser, openTestEnv, unique, type TestEnv } from "./fixtures";
import { addToShelf, createProduct } from "./shop-fixtures";
import { withStreamCreationPolicy } from "./studio-fixtures";

/**
 * The permission matrix: every procedure of appRouter (read from the router
 * itself, so a new procedure is covered the day it is added) against every
 * kind of caller. Who may call a procedure comes from its `meta.access`.
 */

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

type TestUser = Awaited<ReturnType<typeof createUser>>;

/** `creator`: a user an admin made a creator (canCreateStreams), with no role in the fixture's stream. */
const ACTORS = [
  "anonymous",
  "viewer",
  "moderatorOfAnotherStream",
  "streamModerator",
  "owner",
  "globalModerator",
  "admin",
  "creator",
] as const;
type Actor = (typeof ACTORS)[number];
const SIGNED_IN: readonly Actor[] = ACTORS.filter((actor) => actor !== "anonymous");

/** Who gets through each kind of access; everyone else signed in is FORBIDDEN, anonymous callers UNAUTHORIZED. */
const ALLOWED: Record<Access, readonly Actor[]> = {
  public: ACTORS,
  signedIn: SIGNED_IN,
  streamModerator: ["streamModerator", "owner", "globalModerator", "admin"],
  streamOwner: ["owner", "admin"],
  admin: ["admin"],
  // Under the CREATORS policy (also what a site without settings has); under EVERYONE every signed-in user.
  creator: ["creator", "admin"],
  // The fixture's stream lets its moderators manage the shop (shopModeratorsAllowed); global moderators never do.
  streamShop: ["streamModerator", "owner", "admin"],
  // The fixture's stream lets its moderators read its analytics (analyticsModeratorsAllowed); global moderators never do.
  streamAnalytics: ["streamModerator", "owner", "admin"],
};
const ACCESS_KINDS = Object.keys(ALLOWED);
/** The site's stream-creation policies; the creator kind runs under each. */
const POLICIES = ["CREATORS", "EVERYONE"] as const satisfies readonly StreamCreationPolicy[];
type Policy = (typeof POLICIES)[number];

function expectedOutcome(access: Access, actor: Actor, policy: Policy): "allowed" | "UNAUTHORIZED" | "FORBIDDEN" {
  const allowed = access === "creator" && policy === "EVERYONE" ? SIGNED_IN : ALLOWED[access];
  if (allowed.includes(actor)) return "allowed";
  return actor === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN";
}

/** One stream with everything a procedure could be aimed at, and one user per kind of caller. Fresh for every call. */
interface Fixture {
  users: Record<Exclude<Actor, "anonymous">, TestUser>;
  streamId: string;
  slug: string;
  /** A viewer of the stream, with one visible and one held message in it. */
  target: TestUser;
  messageId: string;
  heldMessageId: string;
  termId: string;
  /** Banned from the stream and from OnAir. */
  banned: TestUser;
  // ---- live shopping: catalog and shelf ----
  /** The owner's product, on the stream's shelf. */
  shelfProductId: string;
  /** Another product of the owner, not on the shelf. */
  spareProductId: string;
}

async function createFixture(): Promise<Fixture> {
  const db = env.db;
  const [viewer, moderatorOfAnotherStream, streamModerator, owner, globalModerator, admin, otherOwner, target, banned, creator] =
    await Promise.all([
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db, { role: "MODERATOR" }),
      createUser(db, { role: "ADMIN" }),
      createUser(db),
      createUser(db),
      createUser(db),
      createUser(db),
    ]);
  const [stream, otherStream] = await Promise.all([createStream(db, owner.id), createStream(db, otherOwner.id)]);
  await db.user.update({ where: { id: creator.id }, data: { canCreateStreams: true } });
  await db.streamModerator.createMany({
    data: [
      { streamId: stream.id, userId: streamModerator.id, appointedById: owner.id },
      { streamId: otherStream.id, userId: moderatorOfAnotherStream.id, appointedById: otherOwner.id },
    ],
  });
  await db.liveStream.update({ where: { id: stream.id }, data: { lastMessageSeq: 1, shopModeratorsAllowed: true } });
  const [message, held, term] = await Promise.all([
    db.chatMessage.create({ data: { streamId: stream.id, userId: target.id, seq: 1, body: "hello" } }),
    db.chatMessage.create({ data: { streamId: stream.id, userId: target.id, seq: null, status: "HELD", body: "held for review" } }),
    db.blockedTerm.create({ data: { streamId: stream.id, term: "badword", action: "BLOCK" } }),
    db.ban.createMany({
      data: [
        { kind: "BAN", streamId: stream.id, userId: banned.id },
        { kind: "BAN", streamId: null, userId: banned.id },
      ],
    }),
  ]);
  // ---- live shopping: catalog and shelf (two products of the owner, the first on the shelf) ----
  const [shelfProduct, spareProduct] = await Promise.all([createProduct(db, owner.id), createProduct(db, owner.id)]);
  await addToShelf(db, stream.id, shelfProduct.id);
  // ---- end of catalog and shelf ----
  // ---- analytics: the owner lets the stream's moderators read its analytics ----
  await db.liveStream.update({ where: { id: stream.id }, data: { analyticsModeratorsAllowed: true } });
  return {
    shelfProductId: shelfProduct.id,
    spareProductId: spareProduct.id,
    users: { viewer, moderatorOfAnotherStream, streamModerator, owner, globalModerator, admin, creator },
    streamId: stream.id,
    slug: stream.slug,
    target,
    messageId: message.id,
    heldMessageId: held.id,
    termId: term.id,
    banned,
  };
}

/**
 * A valid input for every procedure. A procedure missing here fails the matrix:
 * add its sample input when you add the procedure.
 */
const SAMPLE_INPUTS: Record<string, (fx: Fixture) => unknown> = {
  "account.me": () => undefined,
  "account.signUp": () => {
    const username = unique("new_");
    return { email: `${username}@test.onair`, username, password: "correct horse battery" };
  },
  "account.createApiToken": () => ({ name: "bot" }),
  "account.apiTokens": () => undefined,
  "account.revokeApiToken": () => ({ id: "no-such-token" }),

  "stream.list": () => ({ status: "LIVE" }),
  "stream.bySlug": (fx) => ({ slug: fx.slug }),
  "stream.start": (fx) => ({ streamId: fx.streamId }),
  "stream.end": (fx) => ({ streamId: fx.streamId }),
  "stream.update": (fx) => ({ streamId: fx.streamId, title: "A new title" }),
  "stream.setLike": (fx) => ({ streamId: fx.streamId, liked: true }),
  "stream.likeStatus": (fx) => ({ streamId: fx.streamId }),
  "stream.setFollow": (fx) => ({ streamId: fx.streamId, following: true }),
  "stream.followStatus": (fx) => ({ streamId: fx.streamId }),
  "stream.onEvents": (fx) => ({ streamId: fx.streamId }),
  "stream.create": () => ({ title: "From the matrix", video: { provider: "YOUTUBE", source: "https://youtu.be/dQw4w9WgXcQ" } }),
  "stream.delete": (fx) => ({ streamId: fx.streamId }),
  "stream.agoraToken": (fx) => ({ streamId: fx.streamId }),

  "studio.capabilities": () => undefined,
  "studio.myStreams": () => ({ status: "SCHEDULED" }),
  "studio.stream": (fx) => ({ streamId: fx.streamId }),
  "studio.ingest": (fx) => ({ streamId: fx.streamId }),
  "studio.rotateIngestKey": (fx) => ({ streamId: fx.streamId }),
  "studio.ingestHealth": (fx) => ({ streamId: fx.streamId }),
  "studio.uploadThumbnail": (fx) => {
    // Not an image: refused after the permission check, before anything is stored.
    const form = new FormData();
    form.set("streamId", fx.streamId);
    form.set("file", new Blob(["not an image"], { type: "image/png" }), "notes.png");
    return form;
  },
  "studio.removeThumbnail": (fx) => ({ streamId: fx.streamId }),
  "studio.agoraPublisherToken": (fx) => ({ streamId: fx.streamId }),
  "stream.channel": (fx) => ({ username: fx.target.username }),

  "chat.history": (fx) => ({ streamId: fx.streamId }),
  "chat.send": (fx) => ({ streamId: fx.streamId, body: "hello from the matrix" }),
  "chat.myHeld": (fx) => ({ streamId: fx.streamId }),
  "chat.replay": (fx) => ({ streamId: fx.streamId, after: new Date(0) }),
  "chat.onMessage": (fx) => ({ streamId: fx.streamId, lastEventId: null }),

  "moderation.myStreams": () => undefined,
  "moderation.moderatesAnything": () => undefined,
  "moderation.access": (fx) => ({ streamId: fx.streamId }),
  "moderation.deleteMessage": (fx) => ({ streamId: fx.streamId, messageId: fx.messageId }),
  "moderation.queue": (fx) => ({ streamId: fx.streamId }),
  "moderation.approve": (fx) => ({ streamId: fx.streamId, messageId: fx.heldMessageId }),
  "moderation.deny": (fx) => ({ streamId: fx.streamId, messageId: fx.heldMessageId }),
  "moderation.timeout": (fx) => ({ streamId: fx.streamId, userId: fx.target.id, durationSeconds: 60 }),
  "moderation.ban": (fx) => ({ streamId: fx.streamId, userId: fx.target.id, reason: "spam" }),
  "moderation.unban": (fx) => ({ streamId: fx.streamId, userId: fx.banned.id }),
  "moderation.purge": (fx) => ({ streamId: fx.streamId, userId: fx.target.id }),
  "moderation.restrictions": (fx) => ({ streamId: fx.streamId }),
  "moderation.userCard": (fx) => ({ streamId: fx.streamId, userId: fx.target.id }),
  "moderation.updateSettings": (fx) => ({ streamId: fx.streamId, slowModeSeconds: 10 }),
  "moderation.setShield": (fx) => ({ streamId: fx.streamId, enabled: true }),
  "moderation.terms": (fx) => ({ streamId: fx.streamId }),
  "moderation.addTerm": (fx) => ({ streamId: fx.streamId, term: "scam*", action: "HOLD" }),
  "moderation.removeTerm": (fx) => ({ streamId: fx.streamId, termId: fx.termId }),
  "moderation.moderators": (fx) => ({ streamId: fx.streamId }),
  "moderation.addModerator": (fx) => ({ streamId: fx.streamId, username: fx.target.username }),
  "moderation.removeModerator": (fx) => ({ streamId: fx.streamId, userId: fx.users.streamModerator.id }),
  "moderation.log": (fx) => ({ streamId: fx.streamId }),
  "moderation.onEvents": (fx) => ({ streamId: fx.streamId }),

  "admin.users": () => ({}),
  "admin.setRole": (fx) => ({ userId: fx.target.id, role: "MODERATOR" }),
  "admin.ban": (fx) => ({ userId: fx.target.id, reason: "spam everywhere" }),
  "admin.unban": (fx) => ({ userId: fx.banned.id }),
  "admin.log": () => ({}),
  "admin.settings": () => undefined,
  "admin.setStreamCreation": () => ({ policy: "CREATORS" }),
  "admin.setCreator": (fx) => ({ userId: fx.target.id, canCreate: true }),
  // Chat retention: what the chat-archive tests also set while they hold the settings lock (see below).
  "admin.setChatRetention": () => ({ days: 3650, mode: "ARCHIVE" }),
  "admin.archiveRuns": () => ({ limit: 5 }),

  // ---- live shopping: catalog and shelf (product.*, shelf.*) ----
  "product.list": () => ({}),
  "product.get": (fx) => ({ productId: fx.shelfProductId }),
  "product.create": () => ({ title: "Mug", priceCents: 1200, currency: "EUR", variants: [{ name: "", stock: 5 }] }),
  "product.update": (fx) => ({ productId: fx.shelfProductId, title: "Renamed" }),
  "product.setStatus": (fx) => ({ productId: fx.spareProductId, status: "ARCHIVED" }),
  // No file: allowed callers get BAD_REQUEST from the service (past the permission check).
  "product.uploadImage": () => new FormData(),
  "shelf.list": (fx) => ({ streamId: fx.streamId }),
  "shelf.offerable": (fx) => ({ streamId: fx.streamId }),
  "shelf.add": (fx) => ({ streamId: fx.streamId, productId: fx.spareProductId }),
  "shelf.remove": (fx) => ({ streamId: fx.streamId, productId: fx.shelfProductId }),
  "shelf.reorder": (fx) => ({ streamId: fx.streamId, productIds: [fx.shelfProductId] }),
  "shelf.pin": (fx) => ({ streamId: fx.streamId, productId: fx.shelfProductId, pinned: true }),
  "shelf.setSoldOut": (fx) => ({ streamId: fx.streamId, productId: fx.shelfProductId, soldOut: true }),
  "shelf.setModeratorsAllowed": (fx) => ({ streamId: fx.streamId, allowed: false }),
  "shelf.startFlashSale": (fx) => ({
    streamId: fx.streamId,
    productId: fx.shelfProductId,
    priceCents: 500,
    durationSeconds: 60,
    startsInSeconds: 0,
    totalQuantity: 10,
    perBuyerLimit: 2,
  }),
  "shelf.stopFlashSale": (fx) => ({ streamId: fx.streamId, flashSaleId: "no-such-sale" }),
  "shelf.recordOpen": (fx) => ({ streamId: fx.streamId, productId: fx.shelfProductId }),

  // ---- live shopping: checkout and orders (checkout.*, orders.*) ----
  // Unknown products, checkouts and orders: allowed callers get NOT_FOUND, which the matrix counts as through.
  "checkout.paymentOptions": () => undefined,
  "checkout.start": (fx) => ({
    requestId: "7d0c4c1e-2f3a-4b5c-8d6e-9f0a1b2c3d4e",
    streamId: fx.streamId,
    productId: "no-such-product",
    variantId: "no-such-variant",
    quantity: 1,
    expectedUnitPriceCents: 1250,
  }),
  "checkout.get": () => ({ checkoutId: "no-such-checkout" }),
  "checkout.cancel": () => ({ checkoutId: "no-such-checkout" }),
  "checkout.place": () => ({
    checkoutId: "no-such-checkout",
    shippingAddress: { name: "Ada Buyer", line1: "1 Market Street", city: "Berlin", postalCode: "10115", country: "DE" },
    paymentMethod: "COD",
  }),
  "orders.mine": () => ({}),
  "orders.get": () => ({ orderId: "no-such-order" }),
  "orders.forStream": (fx) => ({ streamId: fx.streamId }),
  "orders.detail": (fx) => ({ streamId: fx.streamId, orderId: "no-such-order" }),
  "orders.setStatus": (fx) => ({ streamId: fx.streamId, orderId: "no-such-order", status: "FULFILLED" }),
  "orders.cancel": (fx) => ({ streamId: fx.streamId, orderId: "no-such-order", reason: "Out of stock" }),
  "orders.refund": (fx) => ({ streamId: fx.streamId, orderId: "no-such-order" }),
  "orders.onEvents": (fx) => ({ streamId: fx.streamId }),

  // ---- chat: replies and mentions ----
  "chat.mentionCandidates": (fx) => ({ streamId: fx.streamId, prefix: "user" }),
  // ---- notifications and web push (notifications.*, push.*) ----
  "notifications.list": () => ({ limit: 5 }),
  "notifications.unreadCount": () => undefined,
  "notifications.markRead": () => ({ ids: ["no-such-notification"] }),
  "notifications.markAllRead": () => undefined,
  "notifications.onEvents": () => undefined,
  "notifications.preferences": () => undefined,
  "notifications.setPreference": () => ({ kind: "MENTION", push: false }),
  // The fixture's stream is live: allowed callers get PRECONDITION_FAILED, past the permission check.
  "notifications.setReminder": (fx) => ({ streamId: fx.streamId, on: true }),
  "notifications.reminders": (fx) => ({ streamIds: [fx.streamId] }),
  "push.publicKey": () => undefined,
  // Push is off in the matrix's context: allowed callers get PRECONDITION_FAILED.
  "push.subscribe": () => ({
    endpoint: "https://fcm.googleapis.com/fcm/send/matrix",
    keys: { p256dh: Buffer.alloc(65, 4).toString("base64url"), auth: Buffer.alloc(16, 1).toString("base64url") },
  }),
  "push.unsubscribe": () => ({ endpoint: "https://fcm.googleapis.com/fcm/send/matrix" }),
  "push.subscriptions": () => undefined,
  "push.removeDevice": () => ({ id: "no-such-device" }),
  "push.test": () => undefined,
  // ---- analytics ----
  "stream.analytics": (fx) => ({ streamId: fx.streamId }),
  "stream.setAnalyticsModeratorsAllowed": (fx) => ({ streamId: fx.streamId, allowed: false }),
  "admin.analyticsOverview": () => ({ days: 7 }),
};

// At runtime a tRPC v11 router keeps its procedures flattened by path ("moderation.ban" → procedure);
// its declared type is the nested record, hence the cast (the first test below guards the shape).
const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
const paths = Object.keys(procedures).sort();

type Outcome = { ok: true } | { ok: false; code: string; error: unknown };

/** Calls a procedure through a caller; a subscription is started, its first event (or error) read, then aborted. */
async function call(user: TestUser | null, path: string, input: unknown): Promise<Outcome> {
  const abort = new AbortController();
  const caller = callerFor(env, user, null, abort.signal);
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    const result = await fn(input);
    if (procedures[path]!._def.type === "subscription") {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      let timer: NodeJS.Timeout | undefined;
      try {
        const first = await Promise.race([
          iterator.next(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${path}: no first event within 5 s`)), 5_000);
          }),
        ]);
        if (first.done) throw new Error(`${path}: the subscription ended without an event`);
      } finally {
        clearTimeout(timer);
        abort.abort();
        await iterator.return?.(undefined);
      }
    }
    return { ok: true };
  } catch (error) {
    abort.abort();
    return { ok: false, code: error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`, error };
  }
}

describe("every procedure declares who may call it and has a sample input", () => {
  it("finds the router's procedures", () => {
    // A guard against reading the wrong shape of the router (which would make the matrix empty).
    expect(paths).toContain("moderation.ban");
    expect(paths).toContain("chat.onMessage");
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) expect(procedures[path]!._def.type, path).toMatch(/^(query|mutation|subscription)$/);
  });

  it.each(paths)("%s has a meta.access", (path) => {
    const access = (procedures[path]!._def.meta as { access?: string } | undefined)?.access;
    expect(ACCESS_KINDS, `${path} has no valid meta.access (got ${String(access)})`).toContain(access);
  });

  it.each(paths)("%s has a sample input in the matrix", (path) => {
    expect(SAMPLE_INPUTS[path], `add a sample input for ${path} to SAMPLE_INPUTS`).toBeTypeOf("function");
  });

  it("has no sample input for a procedure that no longer exists", () => {
    expect(Object.keys(SAMPLE_INPUTS).filter((path) => !paths.includes(path))).toEqual([]);
  });
});

describe.concurrent("permission matrix", () => {
  it.each(paths)("%s: anonymous → UNAUTHORIZED, signed in without the right → FORBIDDEN, allowed → through", async (path) => {
    const access = (procedures[path]!._def.meta as { access?: Access } | undefined)?.access;
    const sample = SAMPLE_INPUTS[path];
    expect(access && ACCESS_KINDS.includes(access), `${path} has no valid meta.access`).toBe(true);
    expect(sample, `${path} has no sample input`).toBeTypeOf("function");

    // The creator kind depends on the site's policy: it runs under each (the others under the policy a fresh site has).
    for (const policy of access === "creator" ? POLICIES : (["CREATORS"] as const)) {
      // Every actor gets a fresh stream and users, so a mutation by one does not change what another sees.
      const callEveryActor = () =>
        Promise.all(
          ACTORS.map(async (actor) => {
            const fx = await createFixture();
            const outcome = await call(actor === "anonymous" ? null : fx.users[actor], path, sample!(fx));
            return { actor, outcome };
          }),
        );
      // admin.setStreamCreation and admin.setChatRetention write the settings row, so they too take their turn with the tests that depend on it.
      const policyBound = access === "creator" || path === "admin.setStreamCreation" || path === "admin.setChatRetention";
      const results = policyBound ? await withStreamCreationPolicy(env.db, policy, callEveryActor) : await callEveryActor();

      for (const { actor, outcome } of results) {
        const expected = expectedOutcome(access!, actor, policy);
        const got = outcome.ok
          ? "ok"
          : outcome.code === "INTERNAL_SERVER_ERROR"
            ? `INTERNAL_SERVER_ERROR (${String((outcome.error as TRPCError).cause)})`
            : outcome.code;
        const about = `${path} as ${actor} (access ${access}, policy ${policy})`;
        if (expected === "allowed") {
          expect(got, about).not.toMatch(/^(UNAUTHORIZED|FORBIDDEN|INTERNAL_SERVER_ERROR)/);
          expect(got, `${about}: ${got}`).not.toMatch(/^not a TRPCError/);
          // The sample input must pass validation, or the matrix would test nothing past the input parser.
          const cause = outcome.ok ? null : (outcome.error as TRPCError).cause;
          expect(cause instanceof ZodError ? cause.issues : null, `${path}: the sample input is invalid`).toBeNull();
        } else {
          expect(got, about).toBe(expected);
        }
      }
    }
  });
});
