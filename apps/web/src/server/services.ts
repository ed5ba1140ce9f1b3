import "server-only";
import { createCaller, createContextFactory, createServices, type Limits, type Services } from "@onair/api";
import type { EventBus } from "@onair/api/events";
import { createSignInThrottle, DEFAULT_SIGN_IN_LIMITS, type SignInThrottle } from "@onair/auth";
import { createAuthOptions } from "@onair/auth/next-auth";
import type { NextAuthOptions } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { env } from "~/env";
import { clientAddress } from "~/http/forwarded";

const globalServices = globalThis as unknown as {
  onairServices?: Services;
  onairAuthOptions?: NextAuthOptions;
  onairSignInThrottle?: SignInThrottle;
};

/** The process's services, built once (kept on globalThis to survive hot reload in development). */
function services(): Services {
  globalServices.onairServices ??= createServices(env());
  return globalServices.onairServices;
}

export function db() {
  return services().db;
}

export function bus(): EventBus {
  return services().bus;
}

/** Chat and sign-up allowances, counted with the WebSocket servers (Redis, else PostgreSQL). */
export function limits(): Limits {
  return services().limits;
}

/** Checkout's hold length and payment providers (SHOP_HOLD_SECONDS, STRIPE_*). */
export function shopSettings() {
  return services().shop;
}

/** Thumbnails and recordings (MEDIA_DIR). */
export function mediaStorage() {
  return services().media.storage;
}

function signInThrottle(): SignInThrottle {
  const { SIGN_IN_ACCOUNT_LIMIT, SIGN_IN_ADDRESS_LIMIT } = env();
  // In the limits' shared store (Redis when configured, else PostgreSQL): one allowance across every process.
  // Unset: @onair/auth's defaults.
  globalServices.onairSignInThrottle ??= createSignInThrottle(limits().store, {
    account: SIGN_IN_ACCOUNT_LIMIT ?? DEFAULT_SIGN_IN_LIMITS.account,
    address: SIGN_IN_ADDRESS_LIMIT ?? DEFAULT_SIGN_IN_LIMITS.address,
  });
  return globalServices.onairSignInThrottle;
}

/**
 * next-auth's options. `linkTo` is only given by the /api/auth route for a
 * request that carries a verified "Link GitHub" intent (options built per request).
 */
export function authOptions(request?: { linkTo: { userId: string; sessionToken: string } | null }): NextAuthOptions {
  const { AUTH_SECRET, GITHUB_ID, GITHUB_SECRET } = env();
  const config = {
    db: db(),
    secret: AUTH_SECRET,
    github: GITHUB_ID && GITHUB_SECRET ? { clientId: GITHUB_ID, clientSecret: GITHUB_SECRET } : undefined,
    throttle: signInThrottle(),
  };
  if (request?.linkTo) return createAuthOptions({ ...config, linkTo: request.linkTo });
  globalServices.onairAuthOptions ??= createAuthOptions(config);
  return globalServices.onairAuthOptions;
}

export function githubEnabled(): boolean {
  return Boolean(env().GITHUB_ID && env().GITHUB_SECRET);
}

export function createContext(opts: { headers: Headers }) {
  // The client address as server.ts established it (the TCP peer unless WEB_TRUST_PROXY=1).
  return createContextFactory({
    db: db(),
    bus: bus(),
    limits: limits(),
    authSecret: env().AUTH_SECRET,
    media: services().media,
    jobs: services().jobs,
    shop: services().shop,
    push: services().push,
  })({
    ...opts,
    clientIp: clientAddress(opts.headers),
  });
}

/** The tRPC context of the request being rendered (one per request, shared by `serverApi` and `~/trpc/server`). */
export const requestContext = cache(async () => createContext({ headers: new Headers(await headers()) }));

/** A tRPC caller for server components, acting as the request's user. */
export const serverApi = cache(async () => createCaller(await requestContext()));
