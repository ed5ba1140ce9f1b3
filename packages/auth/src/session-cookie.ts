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

/** The signed-in user's id from a next-auth session cookie, or null when absent, expired or forged. */
export async function userIdFromSessionCookie(cookieHeader: string | null | undefined, secret: string): Promise<string | null> {
  const token = readSessionToken(parseCookieHeader(cookieHeader));
  if (!token) return null;
  try {
    const payload = await decode({ token, secret });
    return typeof payload?.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
