import type { Db } from "@onair/db";
import type { ServiceDeps } from "../deps";

type Deps = Pick<ServiceDeps, "db">;

/** How often a WebSocket server records that it is alive. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
/** A server not heard from for this long (four missed beats) is gone: its viewer sessions are closed. */
export const INSTANCE_GONE_AFTER_MS = 60_000;
/** Rows of servers gone this long are deleted. */
export const INSTANCE_FORGOTTEN_AFTER_MS = 24 * 60 * 60 * 1_000;

/**
 * A WebSocket server starting: sessions still open under its id are from an
 * earlier run under the same WS_INSTANCE_ID that stopped without closing them
 * (this run has no viewers yet): they end at that run's last beat. Then its
 * row says it started now.
 */
export async function enrollServerInstance(deps: Deps, input: { instanceId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await deps.db.$transaction(async (tx) => {
    const previous = await tx.serverInstance.findUnique({ where: { id: input.instanceId }, select: { lastSeenAt: true } });
    const lastSeenAt = previous?.lastSeenAt ?? now;
    await tx.$executeRaw`
      UPDATE "viewer_sessions" SET "leftAt" = GREATEST("joinedAt", ${lastSeenAt})
      WHERE "instanceId" = ${input.instanceId} AND "leftAt" IS NULL`;
    await tx.serverInstance.upsert({
      where: { id: input.instanceId },
      create: { id: input.instanceId, startedAt: now, lastSeenAt: now },
      update: { startedAt: now, lastSeenAt: now },
    });
  });
}

/** Records that this WebSocket server (id = its presence instance id) is alive now. */
export async function beatServerInstance(deps: Deps, input: { instanceId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await deps.db.serverInstance.upsert({
    where: { id: input.instanceId },
    create: { id: input.instanceId, startedAt: now, lastSeenAt: now },
    update: { lastSeenAt: now },
  });
}

/**
 * A clean shutdown, once the server's connections are closed: its open viewer
 * sessions end now and its row goes, together.
 */
export async function retireServerInstance(deps: Deps, input: { instanceId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await deps.db.$transaction([
    deps.db.viewerSession.updateMany({ where: { instanceId: input.instanceId, leftAt: null }, data: { leftAt: now } }),
    deps.db.serverInstance.deleteMany({ where: { id: input.instanceId } }),
  ]);
}

/** Enrolls the server now, then beats every HEARTBEAT_INTERVAL_MS until stopped; a failure is logged, the next beat retries. */
export function startHeartbeat(deps: { db: Db }, input: { instanceId: string; intervalMs?: number }) {
  const logged = (promise: Promise<void>) =>
    promise.catch((error: unknown) => {
      console.error(`[monitor] heartbeat of ${input.instanceId} failed: ${(error as Error).message}`);
    });
  const beat = () => logged(beatServerInstance(deps, input));
  let beating: Promise<void> = logged(enrollServerInstance(deps, input));
  const timer = setInterval(() => {
    beating = beat();
  }, input.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    /** The enrolment (start-up waits for it, so the sweep never takes a new server for a dead one). */
    first: beating,
    /** Stops beating and, after the last beat settles, retires the server (call it once its connections are closed). */
    async stop(): Promise<void> {
      clearInterval(timer);
      await beating;
      await retireServerInstance(deps, input);
    },
  };
}

/**
 * Closes the viewer sessions left open by WebSocket servers that stopped
 * without closing them (a crash, a kill): a session whose server has not beaten
 * for INSTANCE_GONE_AFTER_MS ends at the server's last beat. A session whose
 * server has no row at all (it never beat) and that began that long ago ends
 * where it began: nothing says how long it lasted. Then deletes the rows of
 * servers gone for a day. Returns how many sessions it closed.
 */
export async function closeStaleViewerSessions(deps: Deps, input: { now: Date }): Promise<number> {
  const goneBefore = new Date(input.now.getTime() - INSTANCE_GONE_AFTER_MS);
  const closed = await deps.db.$executeRaw`
    UPDATE "viewer_sessions" AS session
    SET "leftAt" = GREATEST(
      session."joinedAt",
      COALESCE((SELECT instance."lastSeenAt" FROM "server_instances" AS instance WHERE instance."id" = session."instanceId"), session."joinedAt")
    )
    WHERE session."leftAt" IS NULL
      AND session."joinedAt" < ${goneBefore}
      AND NOT EXISTS (
        SELECT 1 FROM "server_instances" AS instance
        WHERE instance."id" = session."instanceId" AND instance."lastSeenAt" >= ${goneBefore}
      )`;
  await deps.db.serverInstance.deleteMany({ where: { lastSeenAt: { lt: new Date(input.now.getTime() - INSTANCE_FORGOTTEN_AFTER_MS) } } });
  return closed;
}
