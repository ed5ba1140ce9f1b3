import { createHash } from "node:crypto";
import type { DbOrTx } from "@onair/db";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { authenticateWithPassword, type AuthenticatedUser } from "./credentials";

/** Wrong passwords allowed per window, `[attempts, seconds]`. */
export type AttemptsPerWindow = readonly [attempts: number, seconds: number];

export const DEFAULT_SIGN_IN_LIMITS = {
  /** Per account (the email typed, whether or not it exists). */
  account: [10, 15 * 60] as AttemptsPerWindow,
  /** Per client address (several accounts tried from one place). */
  address: [50, 15 * 60] as AttemptsPerWindow,
};

/** What builds the counters: @onair/api's RateLimitStore (Redis, else PostgreSQL, shared by every process). */
export interface LimiterFactory {
  limiter(spec: { name: string; points: number; durationSeconds: number }): RateLimiterAbstract;
}

export interface SignInThrottle {
  account: RateLimiterAbstract;
  address: RateLimiterAbstract;
}

export function createSignInThrottle(
  store: LimiterFactory,
  limits: { account: AttemptsPerWindow; address: AttemptsPerWindow } = DEFAULT_SIGN_IN_LIMITS,
): SignInThrottle {
  return {
    account: store.limiter({ name: "sign-in-account", points: limits.account[0], durationSeconds: limits.account[1] }),
    address: store.limiter({ name: "sign-in-address", points: limits.address[0], durationSeconds: limits.address[1] }),
  };
}

/** A sign-in refused before the password was checked; its message is meant for the person signing in. */
export class SignInRefusedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = "SignInRefusedError";
  }
}

export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

const UNAVAILABLE_MESSAGE = "Sign-in is unavailable right now; try again in a moment.";

/** Takes one attempt from a counter: null when allowed, else how long until it frees up. */
async function take(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error.msBeforeNext;
    console.error(`[sign-in] rate-limit store: ${error instanceof Error ? error.message : String(error)}`);
    throw new SignInRefusedError(UNAVAILABLE_MESSAGE, null);
  }
}

async function giveBack(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.reward(key).catch(() => undefined);
}

/**
 * Email + password sign-in under the per-account and per-address limits.
 * Every attempt takes a point from the account's counter and then the
 * address's; an attempt the account limit refuses does not use the address's
 * allowance (so hammering one account does not lock out its neighbours), and a
 * successful sign-in gives its address point back and clears the account's
 * count. Returns null for wrong credentials; throws SignInRefusedError when
 * throttled.
 */
export async function authenticateWithThrottle(
  db: DbOrTx,
  throttle: SignInThrottle,
  credentials: { email: string; password: string },
  clientAddress: string | null,
): Promise<AuthenticatedUser | null> {
  // The email as typed (normalised), hashed: counters never hold addresses or emails in the clear.
  const accountKey = createHash("sha256").update(credentials.email.trim().toLowerCase()).digest("base64url");
  const accountWait = await take(throttle.account, accountKey);
  if (accountWait !== null) throw new SignInRefusedError(tooManyAttemptsMessage(accountWait), accountWait);
  const addressKey = clientAddress ? createHash("sha256").update(clientAddress).digest("base64url") : null;
  if (addressKey) {
    const addressWait = await take(throttle.address, addressKey);
    if (addressWait !== null) {
      await giveBack(throttle.account, accountKey);
      throw new SignInRefusedError(tooManyAttemptsMessage(addressWait), addressWait);
    }
  }
  const user = await authenticateWithPassword(db, credentials);
  if (user) {
    await Promise.all([
      throttle.account.delete(accountKey).catch(() => undefined),
      addressKey ? giveBack(throttle.address, addressKey) : undefined,
    ]);
  }
  return user;
}

/** The client's address as the nearest proxy (or Next.js itself) saw it: the last X-Forwarded-For hop. */
export function clientAddressFromHeaders(headers: Record<string, string | string[] | undefined> | Headers | undefined): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const header = Array.isArray(raw) ? raw.join(",") : raw;
  const hop = header?.split(",").at(-1)?.trim();
  return hop ? hop.slice(0, 64) : null;
}
