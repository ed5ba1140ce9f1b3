/** The VAPID identity of this server (config: VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT). */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** Web push as this process is configured (ServiceDeps.push). */
export interface PushSettings {
  /** Null: push is off (no keys configured). */
  vapid: VapidKeys | null;
  /** Origins allowed as push endpoints besides the well-known push services (PUSH_ENDPOINT_ORIGINS). */
  endpointOrigins: readonly string[];
}

export interface PushEnv {
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
  PUSH_ENDPOINT_ORIGINS?: string[];
}

/** Used when no subject is configured; push services only use it to contact the sender. */
export const DEFAULT_VAPID_SUBJECT = "mailto:onair@localhost";

export function pushSettingsFromEnv(env: PushEnv): PushSettings {
  const vapid =
    env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
      ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT ?? DEFAULT_VAPID_SUBJECT }
      : null;
  return { vapid, endpointOrigins: env.PUSH_ENDPOINT_ORIGINS ?? [] };
}

export const PUSH_OFF: PushSettings = { vapid: null, endpointOrigins: [] };

/**
 * The browsers' push services: Chrome and Edge (FCM), Firefox (Mozilla
 * autopush), Safari (Apple), and Windows' notification service. A host
 * matches itself or any subdomain.
 */
const PUSH_SERVICE_HOSTS = ["fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"];

/**
 * Whether the server may send pushes to this endpoint: https on a
 * well-known push service, or an origin listed in PUSH_ENDPOINT_ORIGINS. The
 * server posts to whatever a subscription names, so anything else (an
 * internal address, another site) is refused.
 */
export function endpointAllowed(settings: Pick<PushSettings, "endpointOrigins">, endpoint: string): boolean {
  if (!URL.canParse(endpoint)) return false;
  const url = new URL(endpoint);
  if (url.username || url.password) return false;
  if (settings.endpointOrigins.includes(url.origin)) return true;
  if (url.protocol !== "https:" || url.port !== "") return false;
  const host = url.hostname.toLowerCase();
  return PUSH_SERVICE_HOSTS.some((known) => host === known || host.endsWith(`.${known}`));
}
