/** The service worker that shows pushes (apps/web/public/sw.js), registered for the whole site. */
export const SERVICE_WORKER_URL = "/sw.js";

/** The longest browser description sent with a subscription (what the device list shows). */
export const MAX_USER_AGENT_LENGTH = 200;

/** A VAPID public key (base64url, as push.publicKey gives it) as the bytes pushManager.subscribe takes. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** What push.subscribe takes, from the browser's subscription (null when it lacks its keys). */
export function subscriptionInput(
  subscription: PushSubscriptionJSON,
  userAgent: string,
): { endpoint: string; keys: { p256dh: string; auth: string }; userAgent: string } | null {
  const { endpoint, keys } = subscription;
  if (!endpoint || !keys?.p256dh || !keys.auth) return null;
  return { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, userAgent: userAgent.slice(0, MAX_USER_AGENT_LENGTH) };
}

/** A device in the list, named the way people know it: "Chrome on Android", "Safari on iPhone". */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /OPR\/|Opera/.test(userAgent)
      ? "Opera"
      : /Firefox\//.test(userAgent)
        ? "Firefox"
        : /SamsungBrowser\//.test(userAgent)
          ? "Samsung Internet"
          : /Chrome\/|Chromium\/|CriOS\//.test(userAgent)
            ? "Chrome"
            : /Safari\//.test(userAgent)
              ? "Safari"
              : "Browser";
  const system = /iPhone/.test(userAgent)
    ? "iPhone"
    : /iPad/.test(userAgent)
      ? "iPad"
      : /Android/.test(userAgent)
        ? "Android"
        : /Windows/.test(userAgent)
          ? "Windows"
          : /Mac OS X|Macintosh/.test(userAgent)
            ? "macOS"
            : /CrOS/.test(userAgent)
              ? "ChromeOS"
              : /Linux/.test(userAgent)
                ? "Linux"
                : null;
  return system ? `${browser} on ${system}` : browser;
}

/** Why push cannot be turned on in this browser, or null when it can. */
export function pushUnsupportedReason(env: {
  serviceWorker: boolean;
  pushManager: boolean;
  notification: boolean;
  secure: boolean;
}): string | null {
  if (!env.secure) return "Push notifications need the site to be opened over HTTPS.";
  if (!env.serviceWorker || !env.pushManager || !env.notification) {
    return "This browser cannot receive push notifications. On an iPhone or iPad, add OnAir to the Home Screen first.";
  }
  return null;
}

/** What went wrong turning push on, in words: the browser's own errors name no next step. */
export function pushFailureMessage(error: unknown): string {
  const name = error instanceof Error || (typeof DOMException !== "undefined" && error instanceof DOMException) ? error.name : "";
  if (name === "NotAllowedError")
    return "Notifications are blocked for this site. Allow them in the browser's site settings, then try again.";
  if (name === "AbortError" || name === "NotSupportedError") {
    return "The browser's push service did not accept this device. Try again later, or in another browser.";
  }
  if (name === "InvalidStateError") return "The browser is not ready for push on this page. Reload it and try again.";
  return error instanceof Error ? error.message : "Push could not be turned on. Try again.";
}
