import { decode } from "next-auth/jwt";

// next-auth v4 names its session cookie after the transport; "__Secure-" only over https.
const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

function readSessionToken(cookies: Map<string, string>): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    // Large tokens are split into name.0, name.1, ...
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length > 0) return chunks.join("");
  }
  return null;
}

/** What a session cookie claims: the user and its server-side session (`sessions.sessionToken`). */
export interface SessionCookie {
  userId: string;
  sessionToken: string;
}

/**
 * Reads and verifies a next-auth session cookie. Null when absent, expired,
 * forged, or issued before sessions were kept on the server (no session id:
 * those people sign in again). Whether the session is still live is the
 * caller's question (findLiveSession).
 */
export async function readSessionCookie(cookieHeader: string | null | undefined, secret: string): Promise<SessionCookie | null> {
  const token = readSessionToken(parseCookieHeader(cookieHeader));
  if (!token) return null;
  try {
    const payload = await decode({ token, secret });
    if (typeof payload?.sub !== "string" || typeof payload.sid !== "string") return null;
    return { userId: payload.sub, sessionToken: payload.sid };
  } catch {
    return null;
  }
}
