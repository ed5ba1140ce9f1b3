/**
 * The security headers of the web app's responses. Static ones (every response, set in
 * next.config.ts) and the per-request Content-Security-Policy and HSTS (set in src/proxy.ts).
 */

/** Sent with every response, pages, API and static files alike. */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Camera and microphone for this origin only (the studio broadcasts with Agora); the rest is never used.
  // Autoplay, fullscreen and encrypted-media stay available to the YouTube player.
  { key: "Permissions-Policy", value: "camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), browsing-topics=()" },
];

/** Two years, with subdomains: sent only on HTTPS responses (browsers ignore it over HTTP anyway). */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** Where the YouTube player and its thumbnails come from. */
const YOUTUBE_FRAMES = ["https://www.youtube-nocookie.com", "https://www.youtube.com"];
/**
 * The IFrame Player API (replay reads the video's time). Browsers with 'strict-dynamic' ignore host
 * sources and trust the script because the page's own script inserts it; older ones need the host.
 */
const YOUTUBE_SCRIPTS = ["https://www.youtube.com"];
/** Agora's Web SDK (signalling, gateways, statistics), from Agora's firewall list for Web SDK 4.x. */
const AGORA_SOURCES = ["agora.io", "sd-rtn.com", "rtnsvc.com", "rtesvc.com"].flatMap((domain) => [
  `https://*.${domain}`,
  `wss://*.${domain}`,
]);
/**
 * HLS streams and replays may be on any host (the creator gives the URL) and hls.js fetches them,
 * so connections and media may go to any https: origin. Plain http: hosts only when the page itself
 * is plain HTTP (a local or LAN install); an HTTPS page could not load them anyway (mixed content).
 */
function hlsHosts(https: boolean): string[] {
  return https ? ["https:"] : ["https:", "http:"];
}
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
 * The media server's origin (live FLV, recordings): MEDIA_PUBLIC_URL's, else port 3002 of the
 * page's host over either scheme (see src/lib/media-url.ts).
 */
export function mediaServerSources(mediaPublicUrl: string | undefined, pageHostname: string): string[] {
  if (mediaPublicUrl) return [new URL(mediaPublicUrl).origin];
  const host = pageHostname.includes(":") && !pageHostname.startsWith("[") ? `[${pageHostname}]` : pageHostname;
  return [`http://${host}:3002`, `https://${host}:3002`];
}

/**
 * The page's Content-Security-Policy: scripts only with this response's nonce (Next.js adds it to
 * its own scripts, 'strict-dynamic' lets them load chunks), no plugins, no framing by other pages,
 * frames only from YouTube, connections to this origin, the WebSocket server, the media server, HLS
 * hosts and Agora.
 * Styles allow inline style attributes (React's `style` props) but no other origins.
 */
export function contentSecurityPolicy(options: {
  nonce: string;
  webSockets: string[];
  media: string[];
  dev: boolean;
  https: boolean;
}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'", ...YOUTUBE_SCRIPTS, ...(options.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...IMAGE_SOURCES],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...options.webSockets, ...options.media, ...hlsHosts(options.https), ...AGORA_SOURCES],
    "frame-src": YOUTUBE_FRAMES,
    "media-src": ["'self'", "blob:", ...options.media, ...hlsHosts(options.https)],
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
