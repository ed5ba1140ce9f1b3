import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveChat } from "../src/services/chat/archive/archiver";
import { archivedMessages, exclusively, liveMessageIds, occurrences, seedChat, seedManyChat } from "./chat-archive-fixtures";
import { callerFor, createStream, createUser, openTestEnv, visible, type TestEnv } from "./fixtures";

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

const quiet = () => undefined;
/** Old chat is seeded in 2000; cutoffs in this file stay before 2001 unless a test means "now". */
const Y2000 = new Date("2000-01-01T00:00:00.000Z");
const CUTOFF_2001 = new Date("2001-01-01T00:00:00.000Z");

async function streamWithPeople(status: "LIVE" | "ENDED" = "LIVE", people = 3) {
  const owner = await createUser(env.db);
  const stream = await createStream(env.db, owner.id, status);
  const users = await Promise.all(Array.from({ length: people }, () => createUser(env.db)));
  return { owner, stream, users, userIds: users.map((user) => user.id) };
}

/** Ids that do not occur exactly once across the live table and the archive. */
function notExactlyOnce(counts: Map<string, number>, expected: string[]) {
  const wrong = expected.filter((id) => counts.get(id) !== 1).map((id) => [id, counts.get(id) ?? 0]);
  const unexpected = [...counts.keys()].filter((id) => !expected.includes(id));
  return { wrong, unexpected };
}

async function seqsOf(streamId: string) {
  const live = await env.db.chatMessage.findMany({ where: { streamId, seq: { not: null } }, select: { seq: true } });
  const archived = (await archivedMessages(env.db, [streamId])).flatMap((message) => (message.seq === null ? [] : [message.seq]));
  return [...live.map((row) => row.seq!), ...archived].sort((a, b) => a - b);
}

describe("the chat archiver", () => {
  it("moves old chat out while chat is being sent: every message ends up exactly once, in the live table or the archive", async () => {
    await exclusively(env.db, async () => {
      const a = await streamWithPeople();
      const b = await streamWithPeople();
      const oldA = await seedManyChat(env.db, { streamId: a.stream.id, userIds: a.userIds, start: Y2000, count: 600 });
      const oldB = await seedManyChat(env.db, { streamId: b.stream.id, userIds: b.userIds, start: Y2000, count: 400 });
      const senders = await Promise.all(Array.from({ length: 8 }, () => createUser(env.db)));

      // 8 people send 12 messages each, alternating between the streams; the cutoff falls after the 20th.
      const sent: { id: string; streamId: string; createdAt: Date }[] = [];
      let twentieth!: () => void;
      const twentySent = new Promise<void>((resolve) => (twentieth = resolve));
      const sending = Promise.all(
        senders.map(async (sender, s) => {
          for (let i = 0; i < 12; i += 1) {
            const streamId = (s + i) % 2 === 0 ? a.stream.id : b.stream.id;
            const message = visible(await callerFor(env, sender).chat.send({ streamId, body: `live ${s}-${i}` }));
            sent.push({ id: message.id, streamId, createdAt: message.createdAt });
            if (sent.length === 20) twentieth();
          }
        }),
      );
      await twentySent;
      // "Now": only this test's streams, or the run would take the chat of tests running beside it.
      const cutoff = new Date();
      const streamIds = [a.stream.id, b.stream.id];
      const first = await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff, batchSize: 50, streamIds, log: quiet });
      await sending;
      expect(sent).toHaveLength(96);

      const all = [...oldA, ...oldB, ...sent.map((message) => message.id)];
      expect(notExactlyOnce(await occurrences(env.db, streamIds), all)).toEqual({ wrong: [], unexpected: [] });
      // Everything committed before the run started was older than the cutoff and is archived.
      const archivedIds = new Set((await archivedMessages(env.db, streamIds)).map((message) => message.id));
      expect([...oldA, ...oldB].filter((id) => !archivedIds.has(id))).toEqual([]);
      expect(first).toMatchObject({ archived: archivedIds.size, deleted: 0, finished: true });

      // Sent before the cutoff but committed after the run looked: the next run takes them.
      const second = await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff, batchSize: 50, streamIds, log: quiet });
      const sentBefore = sent.filter((message) => message.createdAt < cutoff).length;
      expect(first.archived + second.archived).toBe(1_000 + sentBefore);
      expect(await env.db.chatMessage.count({ where: { streamId: { in: streamIds }, createdAt: { lt: cutoff } } })).toBe(0);
      expect(notExactlyOnce(await occurrences(env.db, streamIds), all)).toEqual({ wrong: [], unexpected: [] });
      expect(await liveMessageIds(env.db, streamIds)).toHaveLength(96 - sentBefore);

      // No sequence number lost or doubled: 600 + the sends to A, 400 + the sends to B.
      const sentTo = (streamId: string) => sent.filter((message) => message.streamId === streamId).length;
      expect(await seqsOf(a.stream.id)).toEqual(Array.from({ length: 600 + sentTo(a.stream.id) }, (_, i) => i + 1));
      expect(await seqsOf(b.stream.id)).toEqual(Array.from({ length: 400 + sentTo(b.stream.id) }, (_, i) => i + 1));

      const runs = await env.db.chatArchiveRun.findMany({ where: { id: { in: [first.runId, second.runId] } } });
      expect(runs.map((run) => run.archived).sort((x, y) => x - y)).toEqual([first.archived, second.archived].sort((x, y) => x - y));
      expect(runs.every((run) => run.finishedAt !== null && run.error === null && run.deleted === 0)).toBe(true);
    });
  }, 90_000);

  it("keeps everything replay needs in gzip-compressed JSON chunks of one stream", async () => {
    await exclusively(env.db, async () => {
      const { stream, users, userIds } = await streamWithPeople("ENDED", 2);
      await env.db.user.update({ where: { id: users[0]!.id }, data: { name: "Ada" } });
      const ids = await seedChat(env.db, {
        streamId: stream.id,
        userIds,
        start: Y2000,
        messages: [{ second: 1, body: "first" }, { second: 2, body: "answer", replyToIndex: 0 }, { second: 3 }],
      });
      await env.db.chatMessage.update({ where: { id: ids[1] }, data: { authorBadge: "MODERATOR", mentionedUserIds: [users[0]!.id] } });
      await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff: CUTOFF_2001, batchSize: 2, log: quiet });

      const chunks = await env.db.chatArchiveChunk.findMany({ where: { streamId: stream.id }, orderBy: { createdAt: "asc" } });
      // The first batch skips "first" (a live message answers it) and takes "answer" and the third; "first" follows alone.
      expect(chunks.map((chunk) => [chunk.messageCount, chunk.firstSeq, chunk.lastSeq])).toEqual([
        [2, 2, 3],
        [1, 1, 1],
      ]);
      expect([...chunks[0]!.data.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
      expect(chunks[0]!.firstAt).toEqual(new Date(Y2000.getTime() + 2_000));
      expect(chunks[0]!.lastAt).toEqual(new Date(Y2000.getTime() + 3_000));
      const answer = (await archivedMessages(env.db, [stream.id])).find((message) => message.id === ids[1]);
      expect(answer).toEqual({
        id: ids[1],
        seq: 2,
        userId: users[1]!.id,
        body: "answer",
        originalBody: null,
        authorBadge: "MODERATOR",
        status: "VISIBLE",
        replyToId: ids[0],
        mentionedUserIds: [users[0]!.id],
        clientMessageId: null,
        createdAt: "2000-01-01T00:00:02.000Z",
        deletedAt: null,
        deletedById: null,
        author: { username: users[1]!.username, name: null, role: "VIEWER" },
        replyTo: { id: ids[0], seq: 1, status: "VISIBLE", body: "first", author: { username: users[0]!.username, name: "Ada" } },
      });
    });
  });

  it("loses and duplicates nothing when a run fails inside a batch, and the next run finishes the work", async () => {
    await exclusively(env.db, async () => {
      const { stream, userIds } = await streamWithPeople();
      const ids = await seedManyChat(env.db, { streamId: stream.id, userIds, start: Y2000, count: 250 });
      // Fails the third batch's transaction at its last statement (the run's count), after its chunk and its delete.
      const cutoff = new Date("2000-06-01T00:00:00.000Z");
      await env.db.$executeRawUnsafe(`
        CREATE FUNCTION test_fail_third_batch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.cutoff = '2000-06-01T00:00:00.000Z'::timestamp AND NEW.archived > 100 AND NEW."finishedAt" IS NULL THEN
            RAISE EXCEPTION 'simulated crash in the third batch';
          END IF;
          RETURN NEW;
        END $$`);
      await env.db.$executeRawUnsafe(
        `CREATE TRIGGER test_fail_third_batch BEFORE UPDATE ON chat_archive_runs FOR EACH ROW EXECUTE FUNCTION test_fail_third_batch()`,
      );
      try {
        await expect(archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff, batchSize: 50, log: quiet })).rejects.toThrow(
          /simulated crash/,
        );
      } finally {
        await env.db.$executeRawUnsafe(`DROP TRIGGER test_fail_third_batch ON chat_archive_runs`);
        await env.db.$executeRawUnsafe(`DROP FUNCTION test_fail_third_batch()`);
      }

      // Two batches committed; the third rolled back whole (its chunk and its delete).
      expect(await env.db.chatArchiveChunk.count({ where: { streamId: stream.id } })).toBe(2);
      expect(await liveMessageIds(env.db, [stream.id])).toHaveLength(150);
      expect(notExactlyOnce(await occurrences(env.db, [stream.id]), ids)).toEqual({ wrong: [], unexpected: [] });
      const failed = await env.db.chatArchiveRun.findFirstOrThrow({ where: { cutoff }, orderBy: { startedAt: "asc" } });
      expect(failed).toMatchObject({ archived: 100, error: "Failed; the next run continues where it stopped." });
      expect(failed.finishedAt).not.toBeNull();

      const resumed = await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff, batchSize: 50, log: quiet });
      expect(resumed).toMatchObject({ archived: 150, finished: true });
      expect(await liveMessageIds(env.db, [stream.id])).toEqual([]);
      expect(notExactlyOnce(await occurrences(env.db, [stream.id]), ids)).toEqual({ wrong: [], unexpected: [] });
      expect(await seqsOf(stream.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    });
  }, 60_000);

  it("stops between batches when aborted, and a later run carries on", async () => {
    await exclusively(env.db, async () => {
      const { stream, userIds } = await streamWithPeople();
      const ids = await seedManyChat(env.db, { streamId: stream.id, userIds, start: Y2000, count: 30 });
      const abort = new AbortController();
      abort.abort();
      const stopped = await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff: CUTOFF_2001, signal: abort.signal, log: quiet });
      expect(stopped).toMatchObject({ archived: 0, finished: false });
      expect(await env.db.chatArchiveRun.findUniqueOrThrow({ where: { id: stopped.runId } })).toMatchObject({
        error: "The run stopped (shutdown); the next run continues where it stopped.",
      });
      const lines: string[] = [];
      const next = await archiveChat(
        { db: env.db },
        { mode: "ARCHIVE", cutoff: CUTOFF_2001, batchSize: 20, log: (line) => lines.push(line) },
      );
      expect(next).toMatchObject({ archived: 30, finished: true });
      expect(notExactlyOnce(await occurrences(env.db, [stream.id]), ids)).toEqual({ wrong: [], unexpected: [] });
      // Progress is logged: the start, each stream's count, the end.
      expect(lines).toContain(`run ${next.runId}: stream ${stream.id}: archived 30 message(s) (30 so far)`);
      expect(lines.at(-1)).toBe(`run ${next.runId}: done, archived 30 message(s)`);
    });
  });

  it("in DELETE mode deletes old chat in batches and archives nothing", async () => {
    await exclusively(env.db, async () => {
      const { stream, userIds } = await streamWithPeople();
      await seedManyChat(env.db, { streamId: stream.id, userIds, start: Y2000, count: 120 });
      const recent = await seedChat(env.db, { streamId: stream.id, userIds, start: new Date(), messages: [{ second: 0 }] });
      const run = await archiveChat({ db: env.db }, { mode: "DELETE", cutoff: CUTOFF_2001, batchSize: 50, log: quiet });
      expect(run).toMatchObject({ archived: 0, deleted: 120, finished: true });
      expect(await liveMessageIds(env.db, [stream.id])).toEqual(recent);
      expect(await env.db.chatArchiveChunk.count({ where: { streamId: stream.id } })).toBe(0);
      expect(await env.db.chatArchiveRun.findUniqueOrThrow({ where: { id: run.runId } })).toMatchObject({
        mode: "DELETE",
        cutoff: CUTOFF_2001,
        archived: 0,
        deleted: 120,
        error: null,
      });
    });
  });

  it("never touches the audit log: messages an entry names stay live, and so do messages a live reply answers", async () => {
    await exclusively(env.db, async () => {
      const { owner, stream, users, userIds } = await streamWithPeople("LIVE", 2);
      const ids = await seedChat(env.db, {
        streamId: stream.id,
        userIds,
        start: Y2000,
        messages: [
          { second: 1 }, // 0
          { second: 2 }, // 1: answered by 5 (also old)
          { second: 3, status: "DELETED" }, // 2: a moderator deleted it
          { second: 4, status: "HELD" }, // 3: waiting for review
          { second: 5 }, // 4: answered by a recent message
          { second: 6, replyToIndex: 1 }, // 5
          { second: 7 }, // 6: masked by the filter
          { second: 8 }, // 7
        ],
      });
      const [reply] = await seedChat(env.db, { streamId: stream.id, userIds, start: new Date(), messages: [{ second: 0 }] });
      await env.db.chatMessage.update({ where: { id: reply }, data: { replyToId: ids[4] } });
      await env.db.moderationLog.createMany({
        data: [
          { streamId: stream.id, actorId: owner.id, action: "MESSAGE_DELETE", targetUserId: users[0]!.id, targetMessageId: ids[2] },
          {
            streamId: stream.id,
            actorId: null,
            action: "MESSAGE_HOLD",
            targetUserId: users[1]!.id,
            targetMessageId: ids[3],
            reason: "link",
          },
          { streamId: stream.id, actorId: null, action: "MESSAGE_MASK", targetUserId: users[0]!.id, targetMessageId: ids[6] },
          { streamId: stream.id, actorId: owner.id, action: "USER_TIMEOUT", targetUserId: users[1]!.id, details: { seconds: 60 } },
        ],
      });
      const logBefore = await env.db.moderationLog.findMany({ where: { streamId: stream.id }, orderBy: { id: "asc" } });

      // Batches of two, so the answered message (1) comes after the batch that took its reply (5).
      const run = await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff: CUTOFF_2001, batchSize: 2, log: quiet });
      expect(run.archived).toBe(4);
      expect(await env.db.moderationLog.findMany({ where: { streamId: stream.id }, orderBy: { id: "asc" } })).toEqual(logBefore);
      expect((await liveMessageIds(env.db, [stream.id])).sort()).toEqual([ids[2], ids[3], ids[4], ids[6], reply].sort());
      const archived = await archivedMessages(env.db, [stream.id]);
      expect(archived.map((message) => message.id).sort()).toEqual([ids[0], ids[1], ids[5], ids[7]].sort());
      // The reply kept its link (it was archived before what it answers).
      expect(archived.find((message) => message.id === ids[5])).toMatchObject({ replyToId: ids[1], replyTo: { id: ids[1] } });
      expect(await env.db.chatMessage.findUniqueOrThrow({ where: { id: reply } })).toMatchObject({ replyToId: ids[4] });

      // The same in DELETE mode: the log still names every message it named.
      await env.db.chatMessage.update({ where: { id: reply }, data: { createdAt: Y2000 } });
      const deleting = await archiveChat({ db: env.db }, { mode: "DELETE", cutoff: CUTOFF_2001, batchSize: 2, log: quiet });
      expect(deleting.deleted).toBe(2);
      expect((await liveMessageIds(env.db, [stream.id])).sort()).toEqual([ids[2], ids[3], ids[6]].sort());
      expect(await env.db.moderationLog.findMany({ where: { streamId: stream.id }, orderBy: { id: "asc" } })).toEqual(logBefore);
    });
  });

  it("shares the work when two archivers run at once, with chat arriving: each message moved once", async () => {
    await exclusively(env.db, async () => {
      const streams = await Promise.all([streamWithPeople(), streamWithPeople(), streamWithPeople()]);
      const old: string[] = [];
      for (const { stream, userIds } of streams) {
        old.push(...(await seedManyChat(env.db, { streamId: stream.id, userIds, start: Y2000, count: 300 })));
      }
      const sender = await createUser(env.db);
      const sending = (async () => {
        const ids: string[] = [];
        for (let i = 0; i < 15; i += 1) {
          const streamId = streams[i % 3]!.stream.id;
          ids.push(visible(await callerFor(env, sender).chat.send({ streamId, body: `during ${i}` })).id);
        }
        return ids;
      })();
      const [one, two] = await Promise.all([
        archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff: CUTOFF_2001, batchSize: 25, log: quiet }),
        archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff: CUTOFF_2001, batchSize: 25, log: quiet }),
      ]);
      const sent = await sending;

      const streamIds = streams.map(({ stream }) => stream.id);
      expect(one.archived + two.archived).toBe(900);
      expect(one.finished && two.finished).toBe(true);
      expect(notExactlyOnce(await occurrences(env.db, streamIds), [...old, ...sent])).toEqual({ wrong: [], unexpected: [] });
      expect((await liveMessageIds(env.db, streamIds)).sort()).toEqual([...sent].sort());
      const chunks = await env.db.chatArchiveChunk.findMany({ where: { streamId: { in: streamIds } }, select: { messageCount: true } });
      expect(chunks.reduce((sum, chunk) => sum + chunk.messageCount, 0)).toBe(900);
    });
  }, 60_000);
});
