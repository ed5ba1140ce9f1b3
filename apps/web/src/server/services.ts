import "server-only";
import { ChatLimiter, chatLimitsFromEnv, createCaller, createContextFactory } from "@onair/api";
import { createEventBus, type EventBus } from "@onair/api/events";
import { createAuthOptions } from "@onair/auth/next-auth";
import { getDb } from "@onair/db";
import type { NextAuthOptions } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { env } from "~/env";
import { clientAddress } from "~/http/forwarded";

const globalServices = globalThis as unknown as { onairBus?: EventBus; onairLimits?: ChatLimiter; onairAuthOptions?: NextAuthOptions };

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

export function authOptions(): NextAuthOptions {
  const { AUTH_SECRET, GITHUB_ID, GITHUB_SECRET } = env();
  globalServices.onairAuthOptions ??= createAuthOptions({
    db: db(),
    secret: AUTH_SECRET,
    github: GITHUB_ID && GITHUB_SECRET ? { clientId: GITHUB_ID, clientSecret: GITHUB_SECRET } : undefined,
  });
  return globalServices.onairAuthOptions;
}

export function githubEnabled(): boolean {
  return Boolean(env().GITHUB_ID && env().GITHUB_SECRET);
}

export function createContext(opts: { headers: Headers }) {
  // The client address as server.ts established it (the TCP peer unless WEB_TRUST_PROXY=1).
  return createContextFactory({ db: db(), bus: bus(), limits: chatLimits(), authSecret: env().AUTH_SECRET })({ ...opts, clientIp: clientAddress(opts.headers) });
}

/** A tRPC caller for server components, acting as the request's user. */
export const serverApi = cache(async () => createCaller(await createContext({ headers: new Headers(await headers()) })));
