/**
 * The security headers of the web app's responses. Static ones (every response, set in
 * next.config.ts) and the per-request Content-Security-Policy and HSTS (set in src/proxy.ts).
 */

/** Sent with every response, pages, API and static files alike. */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Powerful features the app never uses; autoplay, fullscreen and encrypted-media stay available to the YouTube player.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
];

/** Two years, with subdomains: sent only on HTTPS responses (browsers ignore it over HTTP anyway). */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** Where the YouTube player and its thumbnails come from. */
const YOUTUBE_FRAMES = ["https://www.youtube-nocookie.com", "https://www.youtube.com"];
const IMAGE_SOURCES = ["https://i.ytimg.com", "https://avatars.githubusercontent.com"];

/**
 * The WebSocket origins pages connect to: WS_PUBLIC_URL's, else the default the browser
 * client uses (ws:// or wss:// on the page's host, port 3001; see src/components/providers.tsx).
 */
export function webSocketSources(wsPublicUrl: string | undefined, pageHostname: string): string[] {
  if (wsPublicUrl) {
    const url = new URL(wsPublicUrl);
    return [`${url.protocol}//${url.host}`];
  }
  const host = pageHostname.includes(":") && !pageHostname.startsWith("[") ? `[${pageHostname}]` : pageHostname;
  return [`ws://${host}:3001`, `wss://${host}:3001`];
}

/**
 * The page's Content-Security-Policy: scripts only with this response's nonce (Next.js adds it to
 * its own scripts, 'strict-dynamic' lets them load chunks), no plugins, no framing by other pages,
 * frames only from YouTube, connections only to this origin and the WebSocket server.
 * Styles allow inline style attributes (React's `style` props) but no other origins.
 */
export function contentSecurityPolicy(options: { nonce: string; webSockets: string[]; dev: boolean; https: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...IMAGE_SOURCES],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...options.webSockets],
    "frame-src": YOUTUBE_FRAMES,
    "media-src": ["'self'", "blob:"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(" ")}`);
  if (options.https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}
