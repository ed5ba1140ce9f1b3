import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveChat } from "../src/services/chat/archive/archiver";
import { exclusively, seedChat, type SeedMessage } from "./chat-archive-fixtures";
import { callerFor, createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

const quiet = () => undefined;
const START = new Date("2000-03-01T20:00:00.000Z");
const CUTOFF = new Date("2001-01-01T00:00:00.000Z");

/**
 * An ended stream's chat: 14 visible messages ("v1".."v14" in the order replay shows them), one held,
 * one deleted; "v5" and "v6" share a millisecond; "v9" was masked by the filter (its audit entry
 * keeps it in the live table, between archived ones).
 */
const CHAT: SeedMessage[] = [
  { second: 1, body: "v1" },
  { second: 2, body: "v2" },
  { second: 3, body: "held", status: "HELD" },
  { second: 4, body: "v3", replyToIndex: 1 },
  { second: 5, body: "v4" },
  { second: 6, body: "v5" },
  { second: 6, body: "v6" },
  { second: 7, body: "gone", status: "DELETED" },
  { second: 8, body: "v7" },
  { second: 9, body: "v8" },
  { second: 10, body: "v9" },
  { second: 11, body: "v10" },
  { second: 12, body: "v11" },
  { second: 13, body: "v12" },
  { second: 14, body: "v13" },
  { second: 15, body: "v14" },
];
const VISIBLE = Array.from({ length: 14 }, (_, i) => `v${i + 1}`);

async function endedStreamWithChat() {
  const owner = await createUser(env.db);
  const viewers = [await createUser(env.db), await createUser(env.db)];
  const stream = await createStream(env.db, owner.id, "ENDED");
  const ids = await seedChat(env.db, { streamId: stream.id, userIds: viewers.map((viewer) => viewer.id), start: START, messages: CHAT });
  await env.db.moderationLog.createMany({
    data: [
      { streamId: stream.id, actorId: null, action: "MESSAGE_HOLD", targetUserId: viewers[0]!.id, targetMessageId: ids[2] },
      { streamId: stream.id, actorId: owner.id, action: "MESSAGE_DELETE", targetUserId: viewers[1]!.id, targetMessageId: ids[7] },
      { streamId: stream.id, actorId: null, action: "MESSAGE_MASK", targetUserId: viewers[0]!.id, targetMessageId: ids[10] },
    ],
  });
  return { stream, viewers, ids };
}

/** The whole replay, page by page as the web app reads it. */
async function replayAll(streamId: string, limit: number) {
  const api = callerFor(env, null);
  const pages: string[][] = [];
  let after: Date | null = new Date(0);
  while (after) {
    const page: Awaited<ReturnType<typeof api.chat.replay>> = await api.chat.replay({ streamId, after, limit });
    pages.push(page.messages.map((message) => message.body));
    after = page.nextAfter;
  }
  return pages;
}

/** The whole history, newest page first, as the chat panel scrolls back. */
async function historyAll(streamId: string, limit: number) {
  const api = callerFor(env, null);
  const pages: string[][] = [];
  let cursor: number | null = null;
  do {
    const page: Awaited<ReturnType<typeof api.chat.history>> = await api.chat.history({ streamId, cursor, limit });
    pages.push(page.messages.map((message) => message.body));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

describe("an archived stream's chat", () => {
  it("replays in order, page by page, as before it was archived", async () => {
    await exclusively(env.db, async () => {
      const { stream, viewers, ids } = await endedStreamWithChat();
      const before = await replayAll(stream.id, 5);
      // "v5" and "v6" share a millisecond: the first page ends before them rather than between them.
      const expected = [
        ["v1", "v2", "v3", "v4"],
        ["v5", "v6", "v7", "v8", "v9"],
        ["v10", "v11", "v12", "v13", "v14"],
      ];
      expect(before).toEqual(expected);
      const liveView = (await callerFor(env, null).chat.replay({ streamId: stream.id, after: new Date(0), limit: 3 })).messages[2];
      expect(liveView?.replyTo).toMatchObject({ id: ids[1], seq: 2, excerpt: "v2" });

      // Small batches: the chat ends up in several chunks, with "held", "gone" and "v9" left in the live table.
      const run = await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff: CUTOFF, batchSize: 3, log: quiet });
      expect(run.archived).toBe(13);
      expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(3);
      expect(await env.db.chatArchiveChunk.count({ where: { streamId: stream.id } })).toBe(5);

      expect(await replayAll(stream.id, 5)).toEqual(expected);
      expect((await replayAll(stream.id, 200)).flat()).toEqual(VISIBLE);
      // From a moment in the middle, as a viewer who seeks.
      const api = callerFor(env, null);
      const fromSeven = await api.chat.replay({ streamId: stream.id, after: new Date(START.getTime() + 7_000), limit: 3 });
      expect(fromSeven.messages.map((message) => message.body)).toEqual(["v7", "v8", "v9"]);
      expect(fromSeven.nextAfter).toEqual(new Date(START.getTime() + 10_000));

      // An archived message looks as it did live: author (as the account is now), badge, reply link, seq.
      const [page] = await replayAll(stream.id, 3);
      const archivedView = (await api.chat.replay({ streamId: stream.id, after: new Date(0), limit: 3 })).messages[2];
      expect(archivedView).toEqual(liveView);
      expect(archivedView).toMatchObject({
        id: ids[3],
        seq: 3,
        body: "v3",
        replyToId: ids[1],
        author: { id: viewers[1]!.id, username: viewers[1]!.username, name: null, role: "VIEWER", badge: null },
      });
      expect(page).toEqual(["v1", "v2", "v3"]);
    });
  });

  it("shows in the chat history too, newest first, with the same cursors", async () => {
    await exclusively(env.db, async () => {
      const { stream } = await endedStreamWithChat();
      const before = await historyAll(stream.id, 5);
      const expected = [
        ["v10", "v11", "v12", "v13", "v14"],
        ["v5", "v6", "v7", "v8", "v9"],
        ["v1", "v2", "v3", "v4"],
      ];
      expect(before).toEqual(expected);
      await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff: CUTOFF, batchSize: 3, log: quiet });
      expect(await historyAll(stream.id, 5)).toEqual(expected);
      expect(await historyAll(stream.id, 100)).toEqual([VISIBLE]);
    });
  });

  it("leaves out archived messages of accounts deleted since, as the live table does", async () => {
    await exclusively(env.db, async () => {
      const { stream, viewers } = await endedStreamWithChat();
      await archiveChat({ db: env.db }, { mode: "ARCHIVE", cutoff: CUTOFF, batchSize: 3, log: quiet });
      await env.db.user.delete({ where: { id: viewers[1]!.id } });
      // viewers[1] sent the odd-indexed messages: v2, v3 ... (seedChat alternates authors by index).
      const left = CHAT.filter((message, index) => index % 2 === 0 && !["held", "gone"].includes(message.body!)).map((m) => m.body);
      expect((await replayAll(stream.id, 200)).flat()).toEqual(left);
      expect((await historyAll(stream.id, 100)).flat()).toEqual(left);
    });
  });

  it("is gone from replay in DELETE mode, except what the audit log keeps", async () => {
    await exclusively(env.db, async () => {
      const { stream } = await endedStreamWithChat();
      await archiveChat({ db: env.db }, { mode: "DELETE", cutoff: CUTOFF, batchSize: 3, log: quiet });
      expect((await replayAll(stream.id, 200)).flat()).toEqual(["v9"]);
    });
  });
});
