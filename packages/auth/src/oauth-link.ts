import { createHmac, timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "@onair/db";
import { parseCookieHeader, readSessionCookie } from "./session-cookie";
import { findLiveSession } from "./sessions";

/**
 * "Link GitHub" for a signed-in user: a short-lived cookie, signed with the
 * auth secret, names the session that asked. When GitHub sends the browser
 * back, the link is made only if the same session is still live in that
 * browser, so a GitHub account is never linked by email matching or by
 * someone else's request.
 */
export const LINK_INTENT_COOKIE = "onair.link-intent";
export const LINK_INTENT_MAX_AGE_SECONDS = 10 * 60;

interface LinkIntent {
  provider: string;
  userId: string;
  sessionToken: string;
  expiresAt: number;
}

function mac(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(`link-intent:${payload}`).digest("base64url");
}

export function createLinkIntent(secret: string, intent: Omit<LinkIntent, "expiresAt">, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...intent, expiresAt: now + LINK_INTENT_MAX_AGE_SECONDS * 1000 })).toString("base64url");
  return `${payload}.${mac(secret, payload)}`;
}

function verifyLinkIntent(secret: string, value: string | undefined): LinkIntent | null {
  const [payload, signature, extra] = value?.split(".") ?? [];
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, payload));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  try {
    const intent = JSON.parse(Buffer.from(payload, "base64url").toString()) as LinkIntent;
    return typeof intent.expiresAt === "number" && intent.expiresAt > Date.now() ? intent : null;
  } catch {
    return null;
  }
}

/**
 * The signed-in user an OAuth callback may link to: the link cookie must be
 * valid, unexpired, for this provider, and name the session that this same
 * request's session cookie carries (still live). Null otherwise.
 */
export async function linkTargetFromCookies(
  db: DbOrTx,
  secret: string,
  cookieHeader: string | null | undefined,
  provider: string,
): Promise<{ userId: string; sessionToken: string } | null> {
  const intent = verifyLinkIntent(secret, parseCookieHeader(cookieHeader).get(LINK_INTENT_COOKIE));
  if (!intent || intent.provider !== provider) return null;
  const session = await readSessionCookie(cookieHeader, secret);
  if (!session || session.userId !== intent.userId || session.sessionToken !== intent.sessionToken) return null;
  const live = await findLiveSession(db, session, { id: true });
  return live ? { userId: session.userId, sessionToken: session.sessionToken } : null;
}
