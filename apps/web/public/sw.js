/* global self, clients, URL */
// OnAir's service worker: shows the pushes the server sends (packages/api/src/services/push) and
// opens what they point to. Registered by /settings/notifications when push is turned on.
// It does not cache or intercept requests.

const FALLBACK_TITLE = "OnAir";

/** A page of this site (the payload's `url`: a path), never another site: anything else is the home page. */
function sameOriginUrl(value) {
  const home = new URL("/", self.location.origin).href;
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return home;
  try {
    const url = new URL(value, self.location.origin);
    return url.origin === self.location.origin ? url.href : home;
  } catch {
    return home;
  }
}

/** The payload `{ title, body, url, tag }`; a push that is not JSON still shows its text. */
function payloadOf(data) {
  if (!data) return {};
  try {
    const parsed = data.json();
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return { body: data.text() };
  }
}

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("push", (event) => {
  const payload = payloadOf(event.data);
  const title = typeof payload.title === "string" && payload.title ? payload.title : FALLBACK_TITLE;
  const tag = typeof payload.tag === "string" && payload.tag ? payload.tag : undefined;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof payload.body === "string" ? payload.body : "",
      icon: "/icon.svg",
      // The same tag replaces the earlier notification (e.g. one per stream going live) and alerts again.
      tag,
      renotify: tag !== undefined,
      data: { url: sameOriginUrl(payload.url) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  // `data.url` was checked when the push arrived; checked again, as a path, in case it was not ours.
  const shown = typeof event.notification.data?.url === "string" ? event.notification.data.url : "/";
  const url = shown.startsWith(self.location.origin + "/") ? sameOriginUrl(shown.slice(self.location.origin.length)) : sameOriginUrl(shown);
  event.waitUntil(openOrFocus(url));
});

/** A tab already on `url` is focused; else one of the site's tabs goes there; else a new window opens. */
async function openOrFocus(url) {
  const windows = await clients.matchAll({ type: "window", includeUncontrolled: true });
  const same = windows.find((client) => client.url === url);
  if (same) return same.focus();
  const ours = windows.find((client) => new URL(client.url).origin === self.location.origin && "navigate" in client);
  if (ours) {
    try {
      const navigated = await ours.navigate(url);
      if (navigated) return navigated.focus();
    } catch {
      // A tab the worker does not control cannot be navigated: open a new one.
    }
  }
  return clients.openWindow(url);
}
