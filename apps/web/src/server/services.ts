import "server-only";
import { ChatLimiter, chatLimitsFromEnv, createCaller, createContextFactory, RateLimitStore } from "@onair/api";
import { createEventBus, type EventBus } from "@onair/api/events";
import { createSignInThrottle, type SignInThrottle } from "@onair/auth";
import { createAuthOptions } from "@onair/auth/next-auth";
import { getDb } from "@onair/db";
import type { NextAuthOptions } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { env } from "~/env";

const globalServices = globalThis as unknown as {
  onairBus?: EventBus;
  onairLimits?: ChatLimiter;
  onairAuthOptions?: NextAuthOptions;
  onairSignInThrottle?: SignInThrottle;
};

export function db() {
  return getDb(env().DATABASE_URL);
}

export function bus(): EventBus {
  const { DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX } = env();
  globalServices.onairBus ??= createEventBus({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, redisKeyPrefix: REDIS_KEY_PREFIX });
  return globalServices.onairBus;
}

export function chatLimits(): ChatLimiter {
  const config = env();
  globalServices.onairLimits ??= new ChatLimiter(chatLimitsFromEnv(config), { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  return globalServices.onairLimits;
}

function signInThrottle(): SignInThrottle {
  const { REDIS_URL, DATABASE_URL, REDIS_KEY_PREFIX, SIGN_IN_ACCOUNT_LIMIT, SIGN_IN_ADDRESS_LIMIT } = env();
  // Counters in Redis when configured, else PostgreSQL: one allowance across every process.
  globalServices.onairSignInThrottle ??= createSignInThrottle(new RateLimitStore({ redisUrl: REDIS_URL, databaseUrl: DATABASE_URL, keyPrefix: REDIS_KEY_PREFIX }), {
    account: SIGN_IN_ACCOUNT_LIMIT,
    address: SIGN_IN_ADDRESS_LIMIT,
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
  // The client address comes from X-Forwarded-For, which Next.js fills with the peer when no proxy set it.
  return createContextFactory({ db: db(), bus: bus(), limits: chatLimits(), authSecret: env().AUTH_SECRET })(opts);
}

/** A tRPC caller for server components, acting as the request's user. */
export const serverApi = cache(async () => createCaller(await createContext({ headers: new Headers(await headers()) })));
