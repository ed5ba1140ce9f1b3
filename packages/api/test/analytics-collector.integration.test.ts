import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnalyticsCollector } from "../src/jobs";
import { collectStreamMetrics } from "../src/services/analytics/collector";
import { createScenario, collectedMinutes, expectedScenarioMinutes, minuteAt } from "./analytics-fixtures";
import { createUser, openTestEnv, unique, type TestEnv } from "./fixtures";
import { jobQueueFixture } from "./jobs-fixtures";

/**
 * The collector's numbers on constructed sessions, messages, likes and follows
 * (analytics-fixtures.ts computes them by hand). Each test runs the collector
 * with a fixed `now` in its own era of 2024, months apart and long before
 * today: runs of other tests (and real-time collectors of other test files)
 * never reach its streams.
 */

const queues = jobQueueFixture();
let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(async () => {
  await queues.dispose(env.db);
  await env.close();
});

const plus = (date: Date, minutes: number, seconds = 0) => new Date(date.getTime() + (minutes * 60 + seconds) * 1000);

async function cursorOf(streamId: string) {
  return (await env.db.streamMetricCursor.findUnique({ where: { streamId } }))?.through ?? null;
}

describe("analytics collector", () => {
  it("writes every minute of a stream exactly, then has nothing left to do", async () => {
    const base = minuteAt("2024-01-10T10:00:00Z");
    const scenario = await createScenario(env.db, base);

    const first = await collectStreamMetrics({ db: env.db }, { now: plus(base, 20) });
    expect(first).toMatchObject({ minutes: 6, caughtUp: true });
    expect(await collectedMinutes(env.db, scenario.streamId, base)).toEqual(expectedScenarioMinutes());
    // The cursor stops at the end of the minute the stream ended in.
    expect(await cursorOf(scenario.streamId)).toEqual(plus(base, 6));

    const again = await collectStreamMetrics({ db: env.db }, { now: plus(base, 25) });
    expect(again).toEqual({ batches: 0, minutes: 0, caughtUp: true });
    expect(await env.db.streamMetricMinute.count({ where: { streamId: scenario.streamId } })).toBe(6);
  });

  it("while live, collects up to the last closed minute (now − 30 s), and the rest later", async () => {
    const base = minuteAt("2024-03-10T10:00:00Z");
    const scenario = await createScenario(env.db, base);

    // 2:40 → minus the 30 s lag is 2:10: minutes 0 and 1 are closed.
    expect(await collectStreamMetrics({ db: env.db }, { now: plus(base, 2, 40) })).toMatchObject({ minutes: 2, caughtUp: true });
    expect(await cursorOf(scenario.streamId)).toEqual(plus(base, 2));
    // 2:29 later still: 1:59 after the lag, nothing new is closed.
    expect(await collectStreamMetrics({ db: env.db }, { now: plus(base, 2, 59) })).toMatchObject({ minutes: 0 });
    expect(await collectStreamMetrics({ db: env.db }, { now: plus(base, 30) })).toMatchObject({ minutes: 4, caughtUp: true });
    expect(await collectedMinutes(env.db, scenario.streamId, base)).toEqual(expectedScenarioMinutes());
  });

  it("resumes at its cursor after a restart in the middle, and never counts a minute twice", async () => {
    const base = minuteAt("2024-05-10T10:00:00Z");
    const scenario = await createScenario(env.db, base);
    const now = plus(base, 20);

    // A run stopped after one batch of two minutes (its budget), as a process stopped mid-way would.
    const stopped = await collectStreamMetrics({ db: env.db }, { now, minutesPerBatch: 2, maxBatches: 1 });
    expect(stopped).toEqual({ batches: 1, minutes: 2, caughtUp: false });
    expect(await cursorOf(scenario.streamId)).toEqual(plus(base, 2));
    expect(await collectedMinutes(env.db, scenario.streamId, base)).toEqual(expectedScenarioMinutes().slice(0, 2));

    // A message arriving late for minute 0 (already written) does not change it: minutes are written once.
    await env.db.chatMessage.create({
      data: { streamId: scenario.streamId, userId: scenario.users.c.id, body: "late", createdAt: plus(base, 0, 50), seq: 8 },
    });
    const resumed = await collectStreamMetrics({ db: env.db }, { now, minutesPerBatch: 2 });
    expect(resumed).toEqual({ batches: 2, minutes: 4, caughtUp: true });
    expect(await collectedMinutes(env.db, scenario.streamId, base)).toEqual(expectedScenarioMinutes());

    // Even a cursor set back (a lost update) rewrites nothing: the rows are kept as first written.
    await env.db.streamMetricCursor.update({ where: { streamId: scenario.streamId }, data: { through: base } });
    expect(await collectStreamMetrics({ db: env.db }, { now })).toMatchObject({ minutes: 0, caughtUp: true });
    expect(await cursorOf(scenario.streamId)).toEqual(plus(base, 6));
    expect(await collectedMinutes(env.db, scenario.streamId, base)).toEqual(expectedScenarioMinutes());
  });

  it("two collectors running at once write what one writes, each minute once", async () => {
    const base = minuteAt("2024-07-10T10:00:00Z");
    const scenarios = await Promise.all([0, 1, 2].map(() => createScenario(env.db, base)));
    const now = plus(base, 20);

    // One minute per transaction, so the two interleave over the streams' cursors.
    const [a, b] = await Promise.all([
      collectStreamMetrics({ db: env.db }, { now, minutesPerBatch: 1 }),
      collectStreamMetrics({ db: env.db }, { now, minutesPerBatch: 1 }),
    ]);
    expect(a.minutes + b.minutes).toBe(18);
    expect(a.batches + b.batches).toBe(18);
    for (const scenario of scenarios) {
      expect(await collectedMinutes(env.db, scenario.streamId, base)).toEqual(expectedScenarioMinutes());
      expect(await cursorOf(scenario.streamId)).toEqual(plus(base, 6));
    }
  });

  it("catches up after downtime in bounded runs", async () => {
    const base = minuteAt("2024-09-10T10:00:00Z");
    const owner = await createUser(env.db);
    // Live for three hours while no collector ran; one viewer watched 1:00:00 to 2:00:30.
    const stream = await env.db.liveStream.create({
      data: {
        slug: unique("long-"),
        title: "Three hours",
        ownerId: owner.id,
        status: "ENDED",
        videoSource: "x",
        startedAt: base,
        endedAt: plus(base, 180),
      },
    });
    await env.db.viewerSession.create({
      data: { streamId: stream.id, viewerKey: "a:long", joinedAt: plus(base, 60), leftAt: plus(base, 120, 30) },
    });
    const now = plus(base, 200);
    const runs = [];
    for (let run = 0; run < 4; run += 1) runs.push(await collectStreamMetrics({ db: env.db }, { now, minutesPerBatch: 60, maxBatches: 1 }));
    expect(runs).toEqual([
      { batches: 1, minutes: 60, caughtUp: false },
      { batches: 1, minutes: 60, caughtUp: false },
      { batches: 1, minutes: 60, caughtUp: true },
      { batches: 0, minutes: 0, caughtUp: true },
    ]);
    const rows = await env.db.streamMetricMinute.findMany({ where: { streamId: stream.id }, orderBy: { minute: "asc" } });
    expect(rows.map((row) => (row.minute.getTime() - base.getTime()) / 60_000)).toEqual(Array.from({ length: 180 }, (_, i) => i));
    expect(rows.reduce((sum, row) => sum + row.watchSeconds, 0)).toBe(3630);
    expect(rows.filter((row) => row.viewersMax === 1).length).toBe(61);
    expect(rows[120]).toMatchObject({ watchSeconds: 30, viewersAvg: 0.5, uniqueViewers: 1, viewersMax: 1 });
  });

  it("runs as the analytics.collect job on two worker processes: each minute once, exact", async () => {
    // Real time: the scenario ended three minutes ago, so its minutes are all closed (past the 30 s lag).
    const base = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 9 * 60_000);
    const scenario = await createScenario(env.db, base);
    const processes = await Promise.all(
      [1, 2].map(async () => {
        const queue = await queues.start();
        const collector = await startAnalyticsCollector(queue, { db: env.db }, { intervalSeconds: 1 });
        return { queue, collector };
      }),
    );
    try {
      await expect.poll(() => cursorOf(scenario.streamId), { timeout: 25_000, interval: 250 }).toEqual(plus(base, 6));
    } finally {
      for (const { queue, collector } of processes) {
        collector.stop();
        await queue.stop();
      }
    }
    expect(await collectedMinutes(env.db, scenario.streamId, base)).toEqual(expectedScenarioMinutes());
    const jobs = await queues.jobs(env.db, "analytics.collect");
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((job) => job.state !== "failed")).toBe(true);
  });
});
