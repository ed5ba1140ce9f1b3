import { createLinkIntent, findLiveSession, LINK_INTENT_COOKIE, LINK_INTENT_MAX_AGE_SECONDS, readSessionCookie } from "@onair/auth";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "~/env";
import { db, githubEnabled } from "~/server/services";

function refuse(status: number, message: string) {
  return NextResponse.json({ error: message }, { status });
}

/**
 * "Link GitHub", step one: a signed-in user's browser asks to link. The answer
 * sets a signed, ten-minute cookie naming this session; the GitHub callback
 * links the GitHub account to this user only if the same session comes back
 * with it (see @onair/auth oauth-link.ts). The browser then starts next-auth's
 * GitHub sign-in.
 */
export async function POST(req: NextRequest) {
  // Only this app's own pages may ask (SameSite=Lax already keeps the session cookie off cross-site posts).
  if (req.headers.get("origin") !== req.nextUrl.origin) return refuse(403, "Linking must be started from OnAir itself.");
  if (!githubEnabled()) return refuse(404, "GitHub sign-in is not enabled on this server.");
  const secret = env().AUTH_SECRET;
  const cookie = await readSessionCookie(req.headers.get("cookie"), secret);
  const live = cookie ? await findLiveSession(db(), cookie, { id: true }) : null;
  if (!cookie || !live) return refuse(401, "Sign in first, then link GitHub.");
  const response = new NextResponse(null, { status: 204 });
  response.cookies.set(
    LINK_INTENT_COOKIE,
    createLinkIntent(secret, { provider: "github", userId: cookie.userId, sessionToken: cookie.sessionToken }),
    {
      httpOnly: true,
      sameSite: "lax",
      secure: req.nextUrl.protocol === "https:",
      path: "/api/auth",
      maxAge: LINK_INTENT_MAX_AGE_SECONDS,
    },
  );
  return response;
}
