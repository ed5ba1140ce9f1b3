import { randomBytes } from "node:crypto";
import {
  authenticateWithThrottle,
  createLinkIntent,
  createSignInThrottle,
  LINK_INTENT_COOKIE,
  linkTargetFromCookies,
  SignInRefusedError,
  type SignInThrottle,
} from "@onair/auth";
import { createAuthOptions } from "@onair/auth/next-auth";
import type { Account, NextAuthOptions, Profile, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createCaller } from "../src/root";
import { createContextFactory } from "../src/context";
import { resolveSessionUser } from "../src/services/account/session-user";
import { RateLimitStore } from "../src/services/limits/rate-limit-store";
import { createUser, openTestEnv, unique, type TestEnv } from "./fixtures";

const SECRET = "auth-sessions-test-secret-auth-sessions";
const PASSWORD = "correct horse battery";

let env: TestEnv;
const stores: RateLimitStore[] = [];

beforeAll(() => {
  env = openTestEnv();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await env.close();
});

function throttleOn(options: { redis?: boolean; account?: number; address?: number } = {}): SignInThrottle {
  const store = new RateLimitStore({
    databaseUrl: inject("databaseUrl"),
    redisUrl: options.redis ? inject("redisUrl") : null,
    keyPrefix: `${inject("redisKeyPrefix")}${randomBytes(3).toString("hex")}:`,
  });
  stores.push(store);
  return createSignInThrottle(store, { account: [options.account ?? 10, 900], address: [options.address ?? 50, 900] });
}

function authOptions(extra: Partial<Parameters<typeof createAuthOptions>[0]> = {}): NextAuthOptions {
  return createAuthOptions({
    db: env.db,
    secret: SECRET,
    github: { clientId: "test-client", clientSecret: "test-secret" },
    throttle: throttleOn(),
    ...extra,
  });
}

/** What next-auth does on a successful password sign-in: the jwt callback, then the encrypted cookie. */
async function signInWithPassword(options: NextAuthOptions, userId: string): Promise<{ token: JWT; cookie: string }> {
  const user = { id: userId } as User;
  const account = { type: "credentials", provider: "credentials", providerAccountId: userId } as Account;
  const token = await options.callbacks!.jwt!({ token: { sub: userId }, user, account });
  return { token, cookie: `next-auth.session-token=${await encode({ token, secret: SECRET })}` };
}

async function meOverHttp(cookie: string) {
  const createContext = createContextFactory({ db: env.db, bus: env.bus, limits: env.limits, authSecret: SECRET });
  return createCaller(await createContext({ headers: new Headers({ cookie }) })).account.me();
}

describe("server-side sessions", () => {
  it("a copied cookie stops working over HTTP and WebSocket once its session signs out", async () => {
    const options = authOptions();
    const user = await createUser(env.db, { password: PASSWORD });
    const { token, cookie } = await signInWithPassword(options, user.id);
    expect(typeof token.sid).toBe("string");

    expect((await meOverHttp(cookie))?.id).toBe(user.id);
    // The WebSocket server resolves the upgrade request's headers (a plain object) the same way.
    const ws = await resolveSessionUser(env.db, SECRET, { cookieHeader: cookie });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers (expect.any, objectContaining, stringContaining) as any
    expect(ws).toEqual({ user: expect.objectContaining({ id: user.id }), credential: { kind: "session", sessionToken: token.sid } });

    await options.events!.signOut!({ token, session: undefined as never });

    expect(await meOverHttp(cookie)).toBeNull();
    expect(await resolveSessionUser(env.db, SECRET, { cookieHeader: cookie })).toBeNull();
    // next-auth's own session endpoint drops it too (the jwt callback refuses, next-auth clears the cookie).
    await expect(options.callbacks!.jwt!({ token } as never)).rejects.toThrow(/sign in again/);
  });

  it("signing out ends only that session; another browser stays signed in", async () => {
    const options = authOptions();
    const user = await createUser(env.db, { password: PASSWORD });
    const laptop = await signInWithPassword(options, user.id);
    const phone = await signInWithPassword(options, user.id);
    await options.events!.signOut!({ token: laptop.token, session: undefined as never });
    expect(await meOverHttp(laptop.cookie)).toBeNull();
    expect((await meOverHttp(phone.cookie))?.id).toBe(user.id);
    await expect(options.callbacks!.jwt!({ token: phone.token } as never)).resolves.toMatchObject({ sub: user.id });
  });

  it("expired sessions and cookies from before server-side sessions are anonymous", async () => {
    const options = authOptions();
    const user = await createUser(env.db, { password: PASSWORD });
    const { token, cookie } = await signInWithPassword(options, user.id);
    await env.db.session.update({ where: { sessionToken: token.sid as string }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await meOverHttp(cookie)).toBeNull();

    const legacy = `next-auth.session-token=${await encode({ token: { sub: user.id }, secret: SECRET })}`;
    expect(await meOverHttp(legacy)).toBeNull();
    await expect(options.callbacks!.jwt!({ token: { sub: user.id } } as never)).rejects.toThrow(/sign in again/);
  });

  it("a cookie naming someone else's session is anonymous", async () => {
    const options = authOptions();
    const alice = await createUser(env.db, { password: PASSWORD });
    const mallory = await createUser(env.db, { password: PASSWORD });
    const { token } = await signInWithPassword(options, alice.id);
    const forged = `next-auth.session-token=${await encode({ token: { sub: mallory.id, sid: token.sid }, secret: SECRET })}`;
    expect(await meOverHttp(forged)).toBeNull();
  });
});

describe.each([{ redis: false }, { redis: true }])("sign-in throttle (redis: $redis)", ({ redis }) => {
  it("refuses the 11th wrong password for an account with a specific message, even with the right password", async () => {
    const throttle = throttleOn({ redis });
    const user = await createUser(env.db, { password: PASSWORD });
    for (let i = 0; i < 10; i++) {
      expect(await authenticateWithThrottle(env.db, throttle, { email: user.email, password: `wrong-${i}` }, `10.0.0.${i}`)).toBeNull();
    }
    const eleventh = authenticateWithThrottle(env.db, throttle, { email: user.email.toUpperCase(), password: PASSWORD }, "10.0.1.1");
    await expect(eleventh).rejects.toThrow(SignInRefusedError);
    await expect(eleventh).rejects.toThrow(/^Too many sign-in attempts; try again in 15 minutes\.$/);
  });

  it("next-auth's credentials sign-in hands the throttle's message to the form", async () => {
    const options = authOptions({ throttle: throttleOn({ redis, account: 2 }) });
    const user = await createUser(env.db, { password: PASSWORD });
    const authorize = (options.providers[0] as unknown as { options: { authorize: (c: unknown, r: unknown) => Promise<unknown> } }).options
      .authorize;
    const req = { headers: { "x-forwarded-for": "203.0.113.9" } };
    expect(await authorize({ email: user.email, password: "wrong" }, req)).toBeNull();
    expect(await authorize({ email: user.email, password: "wrong" }, req)).toBeNull();
    await expect(authorize({ email: user.email, password: PASSWORD }, req)).rejects.toThrow(
      /^Too many sign-in attempts; try again in \d+ minutes?\.$/,
    );
  });

  it("limits wrong passwords per address across accounts, without counting successful sign-ins", async () => {
    const throttle = throttleOn({ redis, address: 3 });
    const address = "198.51.100.7";
    const regular = await createUser(env.db, { password: PASSWORD });
    // Successful sign-ins from a shared address do not use its allowance.
    for (let i = 0; i < 5; i++)
      expect(await authenticateWithThrottle(env.db, throttle, { email: regular.email, password: PASSWORD }, address)).not.toBeNull();
    for (let i = 0; i < 3; i++) {
      expect(
        await authenticateWithThrottle(env.db, throttle, { email: `${unique("nobody")}@test.onair`, password: "guess" }, address),
      ).toBeNull();
    }
    await expect(authenticateWithThrottle(env.db, throttle, { email: regular.email, password: PASSWORD }, address)).rejects.toThrow(
      /^Too many sign-in attempts/,
    );
    // Another address is not affected.
    expect(await authenticateWithThrottle(env.db, throttle, { email: regular.email, password: PASSWORD }, "198.51.100.8")).not.toBeNull();
  });

  it("hammering one account does not use up its address's allowance for other accounts", async () => {
    const throttle = throttleOn({ redis, account: 2, address: 4 });
    const address = "192.0.2.44";
    const victim = await createUser(env.db, { password: PASSWORD });
    const neighbour = await createUser(env.db, { password: PASSWORD });
    for (let i = 0; i < 10; i++) {
      await authenticateWithThrottle(env.db, throttle, { email: victim.email, password: "wrong" }, address).catch((e: unknown) => {
        if (!(e instanceof SignInRefusedError)) throw e;
      });
    }
    expect(await authenticateWithThrottle(env.db, throttle, { email: neighbour.email, password: PASSWORD }, address)).not.toBeNull();
  });
});

describe("GitHub sign-in and linking", () => {
  function gitHubSignIn(githubId: string, email: string | null) {
    const user = { id: githubId, email, name: "Octo Cat", image: null } as User;
    const account = { type: "oauth", provider: "github", providerAccountId: githubId } as Account;
    const profile = { login: `octo${githubId.slice(-6)}`, email } as Profile;
    return { user, account, profile };
  }

  /** The signIn callback, then (when allowed) the jwt callback, as next-auth runs them on GitHub's callback. */
  async function completeGitHubSignIn(options: NextAuthOptions, githubId: string, email: string | null) {
    const input = gitHubSignIn(githubId, email);
    const allowed = await options.callbacks!.signIn!(input);
    if (allowed !== true) return { allowed, token: null };
    const token = await options.callbacks!.jwt!({ token: { sub: githubId }, ...input });
    return { allowed, token };
  }

  it("is never attached to a password account with the same email: refused with a message; its own email gets its own account", async () => {
    const victim = await createUser(env.db, { password: PASSWORD });
    const githubId = unique("gh");
    const takeover = await completeGitHubSignIn(authOptions(), githubId, victim.email.toUpperCase());
    expect(takeover.allowed).toBe("/signin?error=OAuthEmailInUse");
    expect(await env.db.account.count({ where: { OR: [{ userId: victim.id }, { providerAccountId: githubId }] } })).toBe(0);

    // The same GitHub account with an email nobody uses: an account of its own, then signs in to it again.
    const email = `${unique("octo")}@github.test`;
    const first = await completeGitHubSignIn(authOptions(), githubId, email);
    expect(first.allowed).toBe(true);
    const created = await env.db.user.findUniqueOrThrow({ where: { email }, select: { id: true, passwordHash: true } });
    expect(created.id).not.toBe(victim.id);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers (expect.any, objectContaining, stringContaining) as any
    expect(first.token).toMatchObject({ sub: created.id, sid: expect.any(String) });
    expect(created.passwordHash).toBeNull();
    expect((await completeGitHubSignIn(authOptions(), githubId, email)).token?.sub).toBe(created.id);
  });

  it("links only from the signed-in session that asked, keeping that session", async () => {
    const options = authOptions();
    const owner = await createUser(env.db, { password: PASSWORD });
    const { token, cookie } = await signInWithPassword(options, owner.id);
    const intent = `${LINK_INTENT_COOKIE}=${createLinkIntent(SECRET, { provider: "github", userId: owner.id, sessionToken: token.sid as string })}`;
    const linkTo = await linkTargetFromCookies(env.db, SECRET, `${cookie}; ${intent}`, "github");
    expect(linkTo).toEqual({ userId: owner.id, sessionToken: token.sid });

    const githubId = unique("gh");
    const linked = await completeGitHubSignIn(authOptions({ linkTo }), githubId, owner.email);
    expect(linked.allowed).toBe(true);
    expect(linked.token).toMatchObject({ sub: owner.id, sid: token.sid });
    // From now on GitHub signs in as the owner, without a link intent.
    expect((await completeGitHubSignIn(authOptions(), githubId, owner.email)).token?.sub).toBe(owner.id);
  });

  it("ignores a link intent without its session: another browser, a signed-out session, a forged or another provider's intent", async () => {
    const options = authOptions();
    const owner = await createUser(env.db, { password: PASSWORD });
    const { token, cookie } = await signInWithPassword(options, owner.id);
    const valid = createLinkIntent(SECRET, { provider: "github", userId: owner.id, sessionToken: token.sid as string });
    // The intent cookie alone (another browser that has no session of the owner's).
    expect(await linkTargetFromCookies(env.db, SECRET, `${LINK_INTENT_COOKIE}=${valid}`, "github")).toBeNull();
    // Signed with another secret, or tampered with.
    const forged = createLinkIntent("another-secret-another-secret-x", {
      provider: "github",
      userId: owner.id,
      sessionToken: token.sid as string,
    });
    expect(await linkTargetFromCookies(env.db, SECRET, `${cookie}; ${LINK_INTENT_COOKIE}=${forged}`, "github")).toBeNull();
    // Expired (made 11 minutes ago).
    const stale = createLinkIntent(
      SECRET,
      { provider: "github", userId: owner.id, sessionToken: token.sid as string },
      Date.now() - 11 * 60_000,
    );
    expect(await linkTargetFromCookies(env.db, SECRET, `${cookie}; ${LINK_INTENT_COOKIE}=${stale}`, "github")).toBeNull();
    expect(await linkTargetFromCookies(env.db, SECRET, `${cookie}; ${LINK_INTENT_COOKIE}=${valid}`, "gitlab")).toBeNull();
    // The session signed out meanwhile.
    await options.events!.signOut!({ token, session: undefined as never });
    expect(await linkTargetFromCookies(env.db, SECRET, `${cookie}; ${LINK_INTENT_COOKIE}=${valid}`, "github")).toBeNull();
  });

  it("refuses to link a GitHub account that already belongs to another user", async () => {
    const githubId = unique("gh");
    const first = await completeGitHubSignIn(authOptions(), githubId, `${unique("octo")}@github.test`);
    expect(first.allowed).toBe(true);
    const other = await createUser(env.db, { password: PASSWORD });
    const { token } = await signInWithPassword(authOptions(), other.id);
    const result = await completeGitHubSignIn(
      authOptions({ linkTo: { userId: other.id, sessionToken: token.sid as string } }),
      githubId,
      other.email,
    );
    expect(result.allowed).toBe("/signin?error=OAuthLinkedElsewhere");
  });
});
