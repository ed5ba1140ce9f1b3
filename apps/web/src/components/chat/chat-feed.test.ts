import type { ChatMessageView, HeldMessageView } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import { applyChatFeedAction, chatRows, JUMP_MAX_PAGES, jumpStep, mergeMessages, type ChatFeed, type ChatFeedAction } from "./chat-feed";

const streamId = "stream-1";
const author = { id: "u1", username: "ana", name: null, role: "VIEWER" as const, badge: null };

function message(seq: number, body = `message ${seq}`): ChatMessageView {
  return {
    id: `m${seq}`,
    streamId,
    seq,
    body,
    replyToId: null,
    replyTo: null,
    mentions: [],
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)),
    author,
  };
}

function held(id: string, second: number): HeldMessageView {
  return {
    id,
    streamId,
    body: id,
    originalBody: null,
    reason: null,
    replyToId: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, second)),
    author,
  };
}

const empty: ChatFeed = { messages: [], pending: [] };

function apply(feed: ChatFeed, ...actions: ChatFeedAction[]): ChatFeed {
  return actions.reduce(applyChatFeedAction, feed);
}

const seqs = (feed: ChatFeed) => feed.messages.map((m) => m.seq);

describe("mergeMessages", () => {
  it("keeps each sequence number once, in order, the newer copy winning", () => {
    const merged = mergeMessages([message(1), message(3)], [message(2), message(3, "edited"), message(1)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(merged[2]!.body).toBe("edited");
  });
});

describe("applyChatFeedAction", () => {
  it("adds live messages in sequence order even when they arrive out of order", () => {
    const feed = apply(empty, ...[3, 1, 2].map((seq) => ({ type: "chat.message" as const, streamId, message: message(seq) })));
    expect(seqs(feed)).toEqual([1, 2, 3]);
  });

  it("shows a replayed event (after a reconnect) once", () => {
    const live = { type: "chat.message" as const, streamId, message: message(2) };
    const feed = apply(
      { messages: [message(1)], pending: [] },
      live,
      { type: "chat.history", streamId, messages: [message(1), message(2)] },
      live,
    );
    expect(seqs(feed)).toEqual([1, 2]);
  });

  it("merges an older page and the answer to a send with what is already shown", () => {
    const feed = apply(
      { messages: [message(5), message(6)], pending: [] },
      { type: "feed.older", messages: [message(3), message(4)] },
      {
        type: "feed.sent",
        message: message(7),
      },
      { type: "chat.message", streamId, message: message(7) },
    );
    expect(seqs(feed)).toEqual([3, 4, 5, 6, 7]);
  });

  it("removes deleted messages, visible and pending, and ignores ids it does not know", () => {
    const start = apply({ messages: [message(1), message(2)], pending: [] }, { type: "feed.held", messages: [held("h1", 30)] });
    const feed = apply(start, { type: "chat.messageDeleted", streamId, messageIds: ["m1", "h1", "unknown"] });
    expect(seqs(feed)).toEqual([2]);
    expect(feed.pending).toEqual([]);
  });

  it("keeps a deleted message deleted when the deletion arrives again", () => {
    const deletion = { type: "chat.messageDeleted" as const, streamId, messageIds: ["m1"] };
    const feed = apply({ messages: [message(1), message(2)], pending: [] }, deletion, deletion);
    expect(seqs(feed)).toEqual([2]);
  });

  it("turns an approved held message from pending into visible", () => {
    const approved = { ...message(4), id: "h1" };
    const feed = apply(empty, { type: "feed.held", messages: [held("h1", 3)] }, { type: "chat.message", streamId, message: approved });
    expect(feed.pending).toEqual([]);
    expect(feed.messages.map((m) => m.id)).toEqual(["h1"]);
  });

  it("does not list a held message as pending when it was approved before the held list arrived", () => {
    const approved = { ...message(4), id: "h1" };
    const feed = apply(
      empty,
      { type: "chat.message", streamId, message: approved },
      { type: "feed.held", messages: [held("h1", 3), held("h2", 5)] },
    );
    expect(feed.pending.map((m) => m.id)).toEqual(["h2"]);
  });

  it("adds each held message once and marks a denied one", () => {
    const feed = apply(
      empty,
      { type: "feed.held", messages: [held("h1", 3)] },
      { type: "feed.held", messages: [held("h1", 3), held("h2", 4)] },
      { type: "chat.messageDenied", streamId, messageId: "h2", authorId: "u1" },
    );
    expect(feed.pending.map((m) => [m.id, m.denied])).toEqual([
      ["h1", false],
      ["h2", true],
    ]);
  });

  it("leaves the feed unchanged on a restriction change", () => {
    const start = { messages: [message(1)], pending: [] };
    expect(apply(start, { type: "chat.restrictionChanged", streamId, userId: "u1", restriction: null })).toBe(start);
  });
});

describe("chatRows", () => {
  it("places pending messages among visible ones by the time they were sent", () => {
    const rows = chatRows({
      messages: [message(1), message(5)],
      pending: [
        { ...held("h9", 9), denied: false },
        { ...held("h3", 3), denied: false },
      ],
    });
    expect(rows.map((row) => row.message.id)).toEqual(["m1", "h3", "m5", "h9"]);
    expect(rows.map((row) => row.kind)).toEqual(["visible", "pending", "visible", "pending"]);
  });
});

function replyTo(seq: number, parentSeq: number): ChatMessageView {
  const parent = message(parentSeq);
  return {
    ...message(seq),
    replyToId: parent.id,
    replyTo: { id: parent.id, seq: parentSeq, author: { username: "ana", name: null }, excerpt: parent.body },
  };
}

describe("replies in the feed", () => {
  it("drop the preview of a message that was deleted, and keep the rest", () => {
    const feed = apply(empty, { type: "chat.history", streamId, messages: [message(1), message(2), replyTo(3, 1), replyTo(4, 2)] });
    const after = apply(feed, { type: "chat.messageDeleted", streamId, messageIds: ["m1"] });
    expect(after.messages.map((m) => [m.seq, m.replyToId, m.replyTo?.id ?? null])).toEqual([
      [2, null, null],
      [3, "m1", null],
      [4, "m2", "m2"],
    ]);
  });
});

describe("jumpStep", () => {
  const feed = (...seqList: number[]): ChatFeed => ({ messages: seqList.map((seq) => message(seq)), pending: [] });

  it("finds a message the feed has", () => {
    expect(jumpStep(feed(5, 6, 7), { id: "m6", seq: 6 }, 4, 0)).toBe("found");
    expect(jumpStep(feed(5, 6, 7), { id: "m6", seq: null }, null, 0)).toBe("found");
  });

  it("loads older pages while the message may be further back, up to JUMP_MAX_PAGES", () => {
    expect(jumpStep(feed(50, 51), { id: "m3", seq: 3 }, 50, 0)).toBe("loadOlder");
    expect(jumpStep(feed(50, 51), { id: "m3", seq: null }, 50, JUMP_MAX_PAGES - 1)).toBe("loadOlder");
    expect(jumpStep(feed(50, 51), { id: "m3", seq: 3 }, 50, JUMP_MAX_PAGES)).toBe("tooFar");
  });

  it("gives up on a message that is not in the loaded range it belongs to, or when there is nothing older", () => {
    // Seq 6 is between loaded messages: deleted.
    expect(jumpStep(feed(5, 7), { id: "m6", seq: 6 }, 4, 0)).toBe("gone");
    // Unknown number, and the whole chat is loaded.
    expect(jumpStep(feed(1, 2), { id: "nope", seq: null }, null, 3)).toBe("gone");
    expect(jumpStep(feed(), { id: "nope", seq: 9 }, null, 0)).toBe("gone");
  });
});
