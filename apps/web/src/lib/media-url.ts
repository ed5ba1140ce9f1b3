import { DEFAULT_MEDIA_HTTP_PORT } from "@onair/api/config";
import { createContext, useContext, useSyncExternalStore } from "react";

/**
 * The media server's public base URL: MEDIA_PUBLIC_URL when the deployment sets it, else the
 * default port on the page's host (as the WebSocket URL is found).
 */
export function mediaBaseUrl(configured: string | null, page: { protocol: string; hostname: string }): string {
  if (configured) return configured.replace(/\/+$/, "");
  const host = page.hostname.includes(":") && !page.hostname.startsWith("[") ? `[${page.hostname}]` : page.hostname;
  return `${page.protocol}//${host}:${DEFAULT_MEDIA_HTTP_PORT}`;
}

/** A media path from the API ("/live/<id>.flv", "/recordings/<id>.mp4") as a URL on the media server. */
export function mediaUrl(base: string, path: string): string {
  return `${base}${path.startsWith("/") ? "" : "/"}${path}`;
}

/** MEDIA_PUBLIC_URL as the root layout read it (null when unset); provided once by `Providers`. */
export const MediaPublicUrlContext = createContext<string | null>(null);

const noSubscription = () => () => {};

/**
 * The media server's base URL for this page. Without MEDIA_PUBLIC_URL it depends on the page's
 * location, which the server render does not have: there it is "" (players use it only in effects).
 */
export function useMediaBaseUrl(): string {
  const configured = useContext(MediaPublicUrlContext);
  return useSyncExternalStore(
    noSubscription,
    () => mediaBaseUrl(configured, window.location),
    () => (configured ? mediaBaseUrl(configured, { protocol: "", hostname: "" }) : ""),
  );
}
