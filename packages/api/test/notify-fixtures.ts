import type { Db } from "@onair/db";
import webpush from "web-push";
import { createContextInner } from "../src/context";
import type { JobQueue } from "../src/jobs";
import { createCaller } from "../src/root";
import type { SessionUser } from "../src/services/account/session-user";
import type { PushSettings } from "../src/services/push/settings";
import { TEST_AUTH_SECRET, type TestEnv } from "./fixtures";

/** Push on, with a fresh VAPID pair; `origins`: endpoints allowed besides the well-known push services (a test's local push service). */
export function pushSettings(origins: string[] = []): PushSettings {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { vapid: { publicKey, privateKey, subject: "mailto:tests@onair.example" }, endpointOrigins: origins };
}

/**
 * A caller as the WebSocket server would build it, with this file's own job
 * queue (its own pg-boss schema, so files running side by side never take
 * each other's jobs) and push settings.
 */
export function notifyCaller(
  env: TestEnv,
  user: SessionUser | null,
  options: { jobs: JobQueue; push?: PushSettings; signal?: AbortSignal },
) {
  const context = createContextInner({
    db: env.db,
    bus: env.bus,
    limits: env.limits,
    realtime: env.realtime,
    jobs: options.jobs,
    shop: env.shop,
    push: options.push,
    user,
    credential: null,
    viewerKey: null,
    clientIp: null,
    authSecret: TEST_AUTH_SECRET,
  });
  return createCaller(context, { signal: options.signal });
}

/** A user's stored notifications, oldest first. */
export function notificationsOf(db: Db, userId: string) {
  return db.notification.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Polls `read` until `done` holds for what it returns (the test fails after `timeoutMs`, never passes by waiting). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
