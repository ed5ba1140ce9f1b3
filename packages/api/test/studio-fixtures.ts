import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db, StreamCreationPolicy } from "@onair/db";
import { createContextInner } from "../src/context";
import type { EventBus } from "../src/events";
import type { StreamEvent } from "../src/events/types";
import { createCaller } from "../src/root";
import type { SessionUser } from "../src/services/account/session-user";
import type { AgoraCredentials, MediaDeps } from "../src/services/studio/media-deps";
import { LocalDiskStorage } from "../src/storage/media-storage";
import { createUser, testContext, type TestEnv } from "./fixtures";

/**
 * Runs `work` with the site's stream-creation policy set to `policy`. The policy
 * is one row for the whole test database, which test files share while they run
 * in parallel: every test that depends on it (or changes it) holds the same
 * advisory lock, so they take turns. The lock is a transaction's, released when `work` ends.
 */
export async function withStreamCreationPolicy<T>(db: Db, policy: StreamCreationPolicy, work: () => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('test:site-settings', 0))`;
      await db.siteSettings.upsert({ where: { id: 1 }, create: { id: 1, streamCreation: policy }, update: { streamCreation: policy } });
      return work();
    },
    { timeout: 120_000, maxWait: 120_000 },
  );
}

/** A test's media deps: storage in a fresh temporary directory; Agora credentials when asked for. */
export interface StudioMedia extends MediaDeps {
  dir: string;
  cleanup(): Promise<void>;
}

export const TEST_AGORA: AgoraCredentials = { appId: "0123456789abcdef0123456789abcdef", certificate: "fedcba9876543210fedcba9876543210" };

export async function openStudioMedia(options: { agora?: boolean } = {}): Promise<StudioMedia> {
  const dir = await mkdtemp(path.join(tmpdir(), "onair-media-"));
  return {
    dir,
    storage: new LocalDiskStorage(dir),
    agora: options.agora ? TEST_AGORA : null,
    rtmpUrl: "rtmp://studio.test:1935/live",
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A caller acting as `user`, with the given media deps. */
export function studioCaller(env: TestEnv, user: SessionUser | null, media: MediaDeps) {
  return createCaller(createContextInner({ ...testContext(env, user), media }));
}

/** A user an admin made a creator. */
export async function createCreator(db: Db) {
  const user = await createUser(db);
  await db.user.update({ where: { id: user.id }, data: { canCreateStreams: true } });
  return user;
}

/** The next event of `type` published for the stream (subscribe before causing it). */
export async function nextEvent(
  bus: EventBus,
  streamId: string,
  type: StreamEvent["type"],
  signal: AbortSignal,
): Promise<() => Promise<StreamEvent>> {
  const events = (await bus.subscribe(streamId, signal))[Symbol.asyncIterator]();
  return async () => {
    for (;;) {
      const next = await events.next();
      if (next.done) throw new Error(`the subscription ended before a ${type} event`);
      if (next.value.type === type) return next.value;
    }
  };
}
