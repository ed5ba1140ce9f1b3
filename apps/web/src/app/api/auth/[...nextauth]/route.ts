import { LINK_INTENT_COOKIE, linkTargetFromCookies, safeCallbackPath } from "@onair/auth";
import NextAuth, { type NextAuthOptions } from "next-auth";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { env } from "~/env";
import { authOptions, db } from "~/server/services";

type RouteContext = { params: Promise<{ nextauth: string[] }> };
type NextAuthRouteHandler = (req: NextRequest, context: { params: { nextauth: string[] } }) => Promise<Response>;

/** next-auth v4 types `NextAuth(options)` as `any`; in a route handler it returns this function. */
function nextAuthHandler(options: NextAuthOptions): NextAuthRouteHandler {
  return NextAuth(options) as NextAuthRouteHandler;
}

// next-auth's callback-url cookie ("__Secure-" over https).
const CALLBACK_URL_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/**
 * Hands next-auth only callback URLs that stay on this app: a malformed or
 * foreign `callbackUrl` query or callback-url cookie would otherwise make
 * next-auth answer 500 ("invalid callback URL") or redirect elsewhere.
 */
async function sanitiseCallbackUrls(req: NextRequest): Promise<void> {
  const origin = req.nextUrl.origin;
  const query = req.nextUrl.searchParams;
  if (query.has("callbackUrl")) query.set("callbackUrl", safeCallbackPath(query.get("callbackUrl"), origin));
  const jar = await cookies();
  for (const name of CALLBACK_URL_COOKIES) {
    const value = jar.get(name)?.value;
    if (value === undefined) continue;
    const safe = safeCallbackPath(value, origin);
    if (value !== safe && value !== `${origin}${safe}`) jar.set(name, safe, { path: "/", httpOnly: true, sameSite: "lax" });
  }
}

async function handler(req: NextRequest, context: RouteContext) {
  await sanitiseCallbackUrls(req);
  const params = await context.params;
  const [action, provider] = params.nextauth;
  if (action === "callback" && provider === "github") {
    // Back from GitHub: link to the signed-in user only if this browser asked to ("Link GitHub").
    const jar = await cookies();
    const linkTo = jar.has(LINK_INTENT_COOKIE)
      ? await linkTargetFromCookies(db(), env().AUTH_SECRET, req.headers.get("cookie"), "github")
      : null;
    if (jar.has(LINK_INTENT_COOKIE)) jar.delete({ name: LINK_INTENT_COOKIE, path: "/api/auth" });
    return nextAuthHandler(authOptions({ linkTo }))(req, { params });
  }
  return nextAuthHandler(authOptions())(req, { params });
}

export { handler as GET, handler as POST };
