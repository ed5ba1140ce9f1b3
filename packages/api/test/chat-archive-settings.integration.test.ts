import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { startChatArchiver } from "../src/jobs";
import { describeZodError } from "../src/trpc-errors";
import { offerChatArchive, runChatRetention } from "../src/services/chat/archive/retention";
import { exclusively, liveMessageIds, seedChat } from "./chat-archive-fixtures";
import { callerFor, codeOf, createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { jobQueueFixture } from "./jobs-fixtures";

let env: TestEnv;
const queues = jobQueueFixture();
beforeAll(() => {
  env = openTestEnv();
});
afterAll(async () => {
  await queues.dispose(env.db);
  await env.close();
});

const DAY = 86_400_000;
const quiet = () => undefined;

async function setRetention(days: number | null, mode: "ARCHIVE" | "DELETE") {
  await env.db.siteSettings.upsert({
    where: { id: 1 },
    create: { id: 1, chatRetentionDays: days, chatRetentionMode: mode },
    update: { chatRetentionDays: days, chatRetentionMode: mode },
  });
}

async function badRequest(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") throw new Error(`expected BAD_REQUEST, got ${String(error)}`);
  // What clients read: the error formatter's sentence (the caller's error carries the ZodError as its cause).
  return error.cause instanceof ZodError ? describeZodError(error.cause) : error.message;
}

describe("the chat retention setting", () => {
  it("is saved whole by admin.setChatRetention with one audit entry per change, and read back by admin.settings", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const api = callerFor(env, admin);
    await exclusively(env.db, async () => {
      await setRetention(null, "ARCHIVE");
      const { streamCreation, ...retention } = await api.admin.settings();
      expect(retention).toEqual({ chatRetentionDays: null, chatRetentionMode: "ARCHIVE" });
      const saved = await api.admin.setChatRetention({ days: 90, mode: "ARCHIVE" });
      expect(saved).toEqual({ streamCreation, chatRetentionDays: 90, chatRetentionMode: "ARCHIVE" });
      expect(await api.admin.settings()).toEqual(saved);
      // The same again: nothing changes, nothing is recorded.
      expect(await api.admin.setChatRetention({ days: 90, mode: "ARCHIVE" })).toEqual(saved);
      await api.admin.setChatRetention({ days: 3_650, mode: "DELETE" });
      await api.admin.setChatRetention({ days: null, mode: "DELETE" });
      expect(await api.admin.settings()).toMatchObject({ chatRetentionDays: null, chatRetentionMode: "DELETE" });
    });
    const entries = await env.db.moderationLog.findMany({
      where: { actorId: admin.id, action: "SITE_SETTINGS_UPDATE" },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((entry) => [entry.streamId, entry.details])).toEqual([
      [
        null,
        {
          before: { chatRetentionDays: null, chatRetentionMode: "ARCHIVE" },
          after: { chatRetentionDays: 90, chatRetentionMode: "ARCHIVE" },
        },
      ],
      [
        null,
        {
          before: { chatRetentionDays: 90, chatRetentionMode: "ARCHIVE" },
          after: { chatRetentionDays: 3_650, chatRetentionMode: "DELETE" },
        },
      ],
      [
        null,
        {
          before: { chatRetentionDays: 3_650, chatRetentionMode: "DELETE" },
          after: { chatRetentionDays: null, chatRetentionMode: "DELETE" },
        },
      ],
    ]);
  });

  it("refuses bad values with a sentence naming the field, and changes nothing", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const api = callerFor(env, admin);
    type Input = Parameters<typeof api.admin.setChatRetention>[0];
    await exclusively(env.db, async () => {
      await setRetention(30, "ARCHIVE");
      const cases: Array<[unknown, string]> = [
        [{ days: 0, mode: "ARCHIVE" }, "days: days must be at least 1."],
        [{ days: -5, mode: "ARCHIVE" }, "days: days must be at least 1."],
        [{ days: 3_651, mode: "ARCHIVE" }, "days: days must be at most 3650 (ten years)."],
        [{ days: 1.5, mode: "ARCHIVE" }, "days: days must be a whole number of days, or null to keep chat forever."],
        [{ days: "90", mode: "ARCHIVE" }, "days: days must be a whole number of days, or null to keep chat forever."],
        [{ mode: "ARCHIVE" }, "days: days must be a whole number of days, or null to keep chat forever."],
        [{ days: 90, mode: "archive" }, "mode: mode must be ARCHIVE or DELETE."],
        [{ days: 90 }, "mode: mode must be ARCHIVE or DELETE."],
      ];
      for (const [input, message] of cases) {
        expect(await badRequest(api.admin.setChatRetention(input as Input)), JSON.stringify(input)).toBe(message);
      }
      expect(await api.admin.settings()).toMatchObject({ chatRetentionDays: 30, chatRetentionMode: "ARCHIVE" });
    });
    expect(await env.db.moderationLog.count({ where: { actorId: admin.id } })).toBe(0);
    expect(await badRequest(api.admin.archiveRuns({ limit: 0 }))).toBe("limit: limit must be at least 1.");
    expect(await badRequest(api.admin.archiveRuns({ limit: 51 }))).toBe("limit: limit must be at most 50.");
  });

  it("is only for admins", async () => {
    const moderator = await createUser(env.db, { role: "MODERATOR" });
    expect(await codeOf(callerFor(env, moderator).admin.setChatRetention({ days: 1, mode: "DELETE" }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(env, moderator).admin.archiveRuns({}))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(env, null).admin.archiveRuns({}))).toBe("UNAUTHORIZED");
  });
});

describe("the chat.archive job", () => {
  it("applies the setting: chat older than the retention period is archived by the queue's worker, and the run is listed", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id, "ENDED");
    await exclusively(env.db, async () => {
      await setRetention(3_650, "ARCHIVE");
      const now = Date.now();
      // One day past the retention period, and one day inside it.
      const [, kept] = await seedChat(env.db, {
        streamId: stream.id,
        userIds: [owner.id],
        start: new Date(now - 3_651 * DAY),
        messages: [
          { second: 0, body: "old" },
          { second: 2 * 86_400, body: "kept" },
        ],
      });
      const startedAfter = new Date();
      const queue = await queues.start();
      const archiver = await startChatArchiver(queue, { db: env.db });
      let run = null;
      while (!run) {
        run = await env.db.chatArchiveRun.findFirst({ where: { startedAt: { gte: startedAfter }, finishedAt: { not: null } } });
        if (!run) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      archiver.stop();
      expect(run).toMatchObject({ mode: "ARCHIVE", error: null });
      // The cutoff is the run's moment minus 3650 days.
      expect(Math.abs(run.cutoff.getTime() - (run.startedAt.getTime() - 3_650 * DAY))).toBeLessThan(60_000);
      expect(await liveMessageIds(env.db, [stream.id])).toEqual([kept]);
      const chunk = await env.db.chatArchiveChunk.findFirstOrThrow({ where: { streamId: stream.id } });
      expect(chunk).toMatchObject({ messageCount: 1, firstSeq: 1, lastSeq: 1 });

      // Another process's offer in the same hour makes no second job.
      expect(await offerChatArchive(await queues.start())).toBe(false);
      expect(await queues.jobs(env.db, "chat.archive")).toHaveLength(1);

      const runs = await callerFor(env, admin).admin.archiveRuns({ limit: 1 });
      expect(runs).toEqual([
        {
          id: run.id,
          mode: "ARCHIVE",
          cutoff: run.cutoff,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          archived: run.archived,
          deleted: 0,
          error: null,
        },
      ]);
    });
  }, 60_000);

  it("does nothing while chat is kept forever, and marks runs a stopped process left unfinished", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id, "ENDED");
    await exclusively(env.db, async () => {
      await setRetention(null, "DELETE");
      const ids = await seedChat(env.db, {
        streamId: stream.id,
        userIds: [owner.id],
        start: new Date("1999-01-01T00:00:00Z"),
        messages: [{ second: 0 }],
      });
      const now = new Date();
      const abandoned = await env.db.chatArchiveRun.create({
        data: { mode: "ARCHIVE", cutoff: new Date(0), startedAt: new Date(now.getTime() - 3 * 3_600_000) },
      });
      const recent = await env.db.chatArchiveRun.create({ data: { mode: "ARCHIVE", cutoff: new Date(0), startedAt: now } });
      expect(await runChatRetention({ db: env.db }, { now, log: quiet })).toBeNull();
      expect(await liveMessageIds(env.db, [stream.id])).toEqual(ids);
      expect(await env.db.chatArchiveRun.findUniqueOrThrow({ where: { id: abandoned.id } })).toMatchObject({
        finishedAt: null,
        error: "Interrupted (its process stopped); a later run continued where it stopped.",
      });
      expect(await env.db.chatArchiveRun.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ finishedAt: null, error: null });
      await env.db.chatMessage.deleteMany({ where: { streamId: stream.id } });
      await env.db.chatArchiveRun.deleteMany({ where: { id: { in: [abandoned.id, recent.id] } } });
    });
  });
});
