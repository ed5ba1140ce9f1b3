import { inject, afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@onair/db";
import { PgEventBus, type StreamEvent } from "../src/events";
import { startMonitor } from "../src/jobs";
import { runMonitorSweep } from "../src/services/monitor/sweep";
import { closeStaleViewerSessions, enrollServerInstance, startHeartbeat } from "../src/services/monitor/server-instances";
import { createStream, createUser, openTestEnv, unique, type TestEnv } from "./fixtures";
import { jobQueueFixture } from "./jobs-fixtures";
import { consume } from "./subscribe";

const SILENCE_END_SECONDS = 120;
const queues = jobQueueFixture();
let env: TestEnv;
let ownerId: string;

beforeAll(async () => {
  env = openTestEnv();
  ownerId = (await createUser(env.db)).id;
});

afterAll(async () => {
  await queues.dispose(env.db);
  await env.close();
});

const ago = (ms: number, from = Date.now()) => new Date(from - ms);

/** A live stream from the built-in RTMP ingest, with its source's timestamps. */
function createIngestStream(source: Pick<Prisma.LiveStreamCreateInput, "startedAt" | "ingestConnectedAt" | "ingestLastDataAt">) {
  return env.db.liveStream.create({
    data: { slug: unique("ingest-"), title: "Ingest stream", ownerId, status: "LIVE", videoProvider: "INGEST", videoSource: "", ...source },
  });
}

function auditRows(streamId: string, action: "STREAM_AUTO_END" | "STREAM_MISSED") {
  return env.db.moderationLog.findMany({ where: { streamId, action } });
}

describe("stream monitor: silent INGEST streams", () => {
  it("two monitor processes end a silent stream exactly once: one audit row, one stream.ended", async () => {
    const stream = await createIngestStream({ startedAt: ago(600_000), ingestConnectedAt: null, ingestLastDataAt: ago(300_000) });
    const abort = new AbortController();
    const events = consume(await env.bus.subscribe(stream.id, abort.signal));

    // Two processes: each its own queue instance and bus, both working and offering sweeps every second.
    const processes = await Promise.all(
      [1, 2].map(async () => {
        const queue = await queues.start();
        const bus = new PgEventBus(inject("databaseUrl"));
        const monitor = await startMonitor(queue, { db: env.db, bus }, { intervalSeconds: 1, silenceEndSeconds: SILENCE_END_SECONDS });
        return { queue, bus, monitor };
      }),
    );
    await events.until((event) => event.type === "stream.ended", 20_000);
    // Let both go quiet (stop waits for a sweep under way), then mark the end of what they published.
    for (const { monitor, queue, bus } of processes) {
      monitor.stop();
      await queue.stop();
      await bus.close();
    }
    const marker: StreamEvent = { type: "likes.updated", streamId: stream.id, likeCount: 424242 };
    await env.bus.publish(marker);
    await events.until((event) => event.type === "likes.updated" && event.likeCount === 424242);
    abort.abort();

    expect(events.events.filter((event) => event.type === "stream.ended")).toHaveLength(1);
    const ended = await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(ended.status).toBe("ENDED");
    expect(ended.endedAt).not.toBeNull();
    const audit = await auditRows(stream.id, "STREAM_AUTO_END");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBeNull();
    expect(audit[0]!.reason).toMatch(/^The source was silent for \d+ seconds\.$/);
    expect((audit[0]!.details as { silentSeconds: number }).silentSeconds).toBeGreaterThanOrEqual(300);
  });

  it("sweeps racing each other end a hung stream once", async () => {
    const now = new Date();
    // Connected, but no media for 90 s: silent for these sweeps (60 s), not yet for the
    // monitors of other test files' ws servers on this database (the default 120 s).
    const stream = await createIngestStream({
      startedAt: ago(900_000, now.getTime()),
      ingestConnectedAt: ago(600_000, now.getTime()),
      ingestLastDataAt: ago(90_000, now.getTime()),
    });
    const sweeps = await Promise.all(Array.from({ length: 4 }, () => runMonitorSweep(env, { now, silenceEndSeconds: 60 })));

    expect(sweeps.flatMap((sweep) => sweep.endedStreamIds).filter((id) => id === stream.id)).toHaveLength(1);
    const audit = await auditRows(stream.id, "STREAM_AUTO_END");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toBe("The source was silent for 90 seconds.");
    expect(audit[0]!.details).toEqual({ silentSeconds: 90 });
  });

  it("keeps live the streams whose source is not silent, and other sources", async () => {
    const now = new Date();
    const at = (ms: number) => ago(ms, now.getTime());
    const sending = await createIngestStream({ startedAt: at(900_000), ingestConnectedAt: at(600_000), ingestLastDataAt: at(2_000) });
    const reconnected = await createIngestStream({ startedAt: at(900_000), ingestConnectedAt: at(10_000), ingestLastDataAt: at(300_000) });
    const justLive = await createIngestStream({ startedAt: at(30_000), ingestConnectedAt: null, ingestLastDataAt: null });
    const youtube = await createStream(env.db, ownerId, "LIVE");
    await env.db.liveStream.update({ where: { id: youtube.id }, data: { startedAt: at(86_400_000) } });

    const sweep = await runMonitorSweep(env, { now, silenceEndSeconds: SILENCE_END_SECONDS });

    const ids = [sending.id, reconnected.id, justLive.id, youtube.id];
    expect(sweep.endedStreamIds.filter((id) => ids.includes(id))).toEqual([]);
    const statuses = await env.db.liveStream.findMany({ where: { id: { in: ids } }, select: { status: true } });
    expect(statuses.map((row) => row.status)).toEqual(["LIVE", "LIVE", "LIVE", "LIVE"]);
  });
});

describe("stream monitor: missed streams", () => {
  it("marks a scheduled stream MISSED an hour after its planned start, not before", async () => {
    const now = new Date();
    const late = await createStream(env.db, ownerId, "SCHEDULED");
    const recent = await createStream(env.db, ownerId, "SCHEDULED");
    await env.db.liveStream.update({ where: { id: late.id }, data: { scheduledStartAt: ago(61 * 60_000, now.getTime()) } });
    await env.db.liveStream.update({ where: { id: recent.id }, data: { scheduledStartAt: ago(59 * 60_000, now.getTime()) } });

    const [first, second] = await Promise.all([
      runMonitorSweep(env, { now, silenceEndSeconds: SILENCE_END_SECONDS }),
      runMonitorSweep(env, { now, silenceEndSeconds: SILENCE_END_SECONDS }),
    ]);

    // At most one of them marked it (another process's monitor may have been first); either way one audit row.
    expect([...first.missedStreamIds, ...second.missedStreamIds].filter((id) => id === late.id).length).toBeLessThanOrEqual(1);
    expect([...first.missedStreamIds, ...second.missedStreamIds]).not.toContain(recent.id);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: late.id } })).status).toBe("MISSED");
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe("SCHEDULED");
    const audit = await auditRows(late.id, "STREAM_MISSED");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBeNull();
    expect(await auditRows(recent.id, "STREAM_MISSED")).toEqual([]);
  });
});

describe("stream monitor: viewer sessions of stopped servers", () => {
  it("closes the sessions of a server whose heartbeat stopped at its last beat, and keeps those of a live one", async () => {
    const now = new Date();
    const at = (ms: number) => ago(ms, now.getTime());
    const stream = await createStream(env.db, ownerId, "LIVE");
    const [dead, alive, forgotten, neverBeat] = [unique("ws-dead-"), unique("ws-alive-"), unique("ws-forgotten-"), unique("ws-never-")];
    await env.db.serverInstance.createMany({
      data: [
        { id: dead, startedAt: at(3_600_000), lastSeenAt: at(120_000) },
        { id: alive, startedAt: at(3_600_000), lastSeenAt: at(5_000) },
        { id: forgotten, startedAt: at(3 * 86_400_000), lastSeenAt: at(2 * 86_400_000) },
      ],
    });
    const session = (instanceId: string, joinedAgoMs: number) =>
      env.db.viewerSession.create({ data: { streamId: stream.id, viewerKey: unique("a:"), instanceId, joinedAt: at(joinedAgoMs) } });
    const ofDead = await session(dead, 600_000);
    const ofAlive = await session(alive, 600_000);
    const ofUnknownOld = await session(neverBeat, 600_000);
    const ofUnknownNew = await session(neverBeat, 10_000);

    // (ws servers of other test files run monitors on this database too: they may close these first, the same way.)
    await closeStaleViewerSessions(env, { now });

    const leftAt = async (id: string) => (await env.db.viewerSession.findUniqueOrThrow({ where: { id } })).leftAt;
    expect(await leftAt(ofDead.id)).toEqual(at(120_000));
    expect(await leftAt(ofAlive.id)).toBeNull();
    expect(await leftAt(ofUnknownOld.id)).toEqual(ofUnknownOld.joinedAt);
    expect(await leftAt(ofUnknownNew.id)).toBeNull();
    const instances = await env.db.serverInstance.findMany({ where: { id: { in: [dead, alive, forgotten] } }, select: { id: true } });
    expect(instances.map((row) => row.id).sort()).toEqual([dead, alive].sort());
  });

  it("a server restarted under the same id ends its earlier run's open sessions at that run's last beat", async () => {
    const stream = await createStream(env.db, ownerId, "LIVE");
    const instanceId = unique("ws-fixed-");
    const lastBeat = ago(30_000);
    await env.db.serverInstance.create({ data: { id: instanceId, startedAt: ago(3_600_000), lastSeenAt: lastBeat } });
    const left = await env.db.viewerSession.create({
      data: { streamId: stream.id, viewerKey: unique("a:"), instanceId, joinedAt: ago(600_000) },
    });

    await enrollServerInstance(env, { instanceId });

    expect((await env.db.viewerSession.findUniqueOrThrow({ where: { id: left.id } })).leftAt).toEqual(lastBeat);
    const row = await env.db.serverInstance.findUniqueOrThrow({ where: { id: instanceId } });
    expect(row.startedAt.getTime()).toBeGreaterThan(lastBeat.getTime());
  });

  it("a WebSocket server beats while it runs; on a clean stop its sessions end and its row goes", async () => {
    const stream = await createStream(env.db, ownerId, "LIVE");
    const instanceId = unique("ws-beating-");
    const heartbeat = startHeartbeat(env, { instanceId });
    await heartbeat.first;
    const row = await env.db.serverInstance.findUniqueOrThrow({ where: { id: instanceId } });
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const open = await env.db.viewerSession.create({ data: { streamId: stream.id, viewerKey: unique("a:"), instanceId } });

    await heartbeat.stop();

    expect(await env.db.serverInstance.findUnique({ where: { id: instanceId } })).toBeNull();
    expect((await env.db.viewerSession.findUniqueOrThrow({ where: { id: open.id } })).leftAt).not.toBeNull();
  });
});
