import { NextResponse, type NextRequest } from "next/server";
import { isHttps } from "~/http/forwarded";
import { contentSecurityPolicy, HSTS_VALUE, mediaServerSources, webSocketSources } from "~/http/security-headers";

/**
 * Per-request security headers: a fresh CSP nonce for every page (Next.js reads it from the
 * request's Content-Security-Policy header and puts it on its scripts), and HSTS when the request
 * came over HTTPS (as server.ts established it: the connection, or a trusted proxy's X-Forwarded-Proto).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const https = isHttps(request.headers);
  const policy = contentSecurityPolicy({
    nonce,
    // Validated at start-up by src/env.ts (instrumentation); read here without pulling the server's modules into the proxy.
    webSockets: webSocketSources(process.env.WS_PUBLIC_URL || undefined, request.nextUrl.hostname),
    media: mediaServerSources(process.env.MEDIA_PUBLIC_URL || undefined, request.nextUrl.hostname),
    dev: process.env.NODE_ENV === "development",
    https,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  return response;
}

export const config = {
  // Everything but Next.js's static files (they get the static headers from next.config.ts).
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
