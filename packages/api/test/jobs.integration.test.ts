import { createDbClient, type Db } from "@onair/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { offerSweep, type QueueDefinitions } from "../src/jobs";
import { jobQueueFixture } from "./jobs-fixtures";

const TEST_QUEUES = {
  "test.flaky": {
    payload: z.object({ attemptsToFail: z.number().int().min(0) }),
    policy: "standard",
    retryLimit: 3,
    retryDelaySeconds: 1,
    retryBackoff: true,
    expireInSeconds: 60,
  },
  "test.note": {
    payload: z.object({ text: z.string().max(100) }),
    policy: "standard",
    retryLimit: 0,
    retryDelaySeconds: 0,
    retryBackoff: false,
    expireInSeconds: 60,
  },
} satisfies QueueDefinitions;

const queues = jobQueueFixture();
let db: Db;

beforeAll(() => {
  db = createDbClient(inject("databaseUrl"), { poolSize: 5 });
});

afterAll(async () => {
  await queues.dispose(db);
  await db.$disconnect();
});

/** A promise with its resolve function, for "wait until the worker saw it". */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe("job queue (pg-boss)", () => {
  it("retries a job that throws with growing back-off, then it succeeds", async () => {
    const queue = await queues.startWith(TEST_QUEUES);
    const attempts: number[] = [];
    const succeeded = deferred<void>();
    await queue.work(
      "test.flaky",
      ({ attemptsToFail }) => {
        attempts.push(Date.now());
        if (attempts.length <= attemptsToFail) throw new Error(`attempt ${attempts.length} fails on purpose`);
        succeeded.resolve();
      },
      { pollingIntervalSeconds: 0.5 },
    );
    const id = await queue.send("test.flaky", { attemptsToFail: 2 });
    expect(id).not.toBeNull();

    await succeeded.promise;
    expect(attempts).toHaveLength(3);
    // Back-off: the first retry waits at least retryDelay (1 s), the second at least twice that.
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(1_000);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(2_000);
    await expect.poll(async () => (await queues.jobs(db, "test.flaky")).find((job) => job.id === id)?.state).toBe("completed");
    const [job] = (await queues.jobs(db, "test.flaky")).filter((row) => row.id === id);
    expect(job!.retry_count).toBe(2);
    await queue.stop();
  });

  it("runs a job sent before its queue instance stopped on an instance started later", async () => {
    const before = await queues.startWith(TEST_QUEUES);
    const id = await before.send("test.note", { text: "sent before the restart" });
    await before.stop();

    const after = await queues.startWith(TEST_QUEUES);
    const received = deferred<{ id: string; text: string }>();
    await after.work("test.note", (data, job) => received.resolve({ id: job.id, text: data.text }), { pollingIntervalSeconds: 0.5 });
    await expect(received.promise).resolves.toEqual({ id, text: "sent before the restart" });
    await after.stop();
  });

  it("sends inside a caller's transaction: the job exists only if the transaction commits", async () => {
    const queue = await queues.startWith(TEST_QUEUES);
    const rolledBack = db.$transaction(async (tx) => {
      await queue.send("test.note", { text: "rolled back" }, { tx });
      throw new Error("the change fails");
    });
    await expect(rolledBack).rejects.toThrow("the change fails");
    const committedId = await db.$transaction((tx) => queue.send("test.note", { text: "committed" }, { tx }));
    expect(committedId).not.toBeNull();

    const notes = (await queues.jobs(db, "test.note")).map((job) => job.data);
    expect(notes).toContainEqual({ text: "committed" });
    expect(notes).not.toContainEqual({ text: "rolled back" });
    await queue.stop();
  });

  it("checks a payload against its queue's schema before sending", async () => {
    const queue = await queues.startWith(TEST_QUEUES);
    await expect(queue.send("test.note", { text: "x".repeat(101) })).rejects.toThrow();
    expect((await queues.jobs(db, "test.note")).map((job) => job.data)).not.toContainEqual({ text: "x".repeat(101) });
    await queue.stop();
  });

  it("lets one monitor sweep exist per interval however many processes offer it", async () => {
    const instances = await Promise.all([queues.start(), queues.start(), queues.start()]);
    const intervalSeconds = 60;
    // Every process ticks several times at once: 15 offers.
    const offers = await Promise.all(instances.flatMap((queue) => Array.from({ length: 5 }, () => offerSweep(queue, intervalSeconds))));

    const sweeps = await queues.jobs(db, "monitor.sweep");
    const slots = new Set(sweeps.map((job) => job.singleton_on?.getTime()));
    // One job per interval slot (the offers may straddle a slot boundary: then two slots, one job each).
    expect(sweeps.length).toBeGreaterThanOrEqual(1);
    expect(slots.size).toBe(sweeps.length);
    expect(sweeps.every((job) => job.singleton_on !== null)).toBe(true);
    expect(offers.filter(Boolean)).toHaveLength(sweeps.length);
    await Promise.all(instances.map((queue) => queue.stop()));
  });
});
