import type { ChatMessageView } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import {
  joinReplayPages,
  REPLAY_AHEAD_MS,
  REPLAY_WINDOW_MS,
  replayAnchor,
  replayedMessages,
  replaySyncAction,
  type LoadedReplay,
} from "./replay-sync";

const START = Date.parse("2026-12-03T10:00:00.000Z");
const at = (seconds: number) => new Date(START + seconds * 1000);

function message(id: string, second: number): ChatMessageView {
  return {
    id,
    streamId: "s1",
    seq: 1,
    body: id,
    replyToId: null,
    replyTo: null,
    mentions: [],
    createdAt: at(second),
    author: { id: "u1", username: "viewer", name: null, role: "VIEWER", badge: null },
  };
}

describe("replayed messages", () => {
  const messages = [message("a", 1), message("b", 5), message("c", 5), message("d", 9)];

  it("shows what was sent at or before the video's moment", () => {
    expect(replayedMessages(messages, at(0)).map((m) => m.id)).toEqual([]);
    expect(replayedMessages(messages, at(4.999)).map((m) => m.id)).toEqual(["a"]);
    expect(replayedMessages(messages, at(5)).map((m) => m.id)).toEqual(["a", "b", "c"]);
    expect(replayedMessages(messages, at(60)).map((m) => m.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("seeking back hides what was sent later", () => {
    expect(replayedMessages(messages, at(9)).map((m) => m.id)).toEqual(["a", "b", "c", "d"]);
    expect(replayedMessages(messages, at(1)).map((m) => m.id)).toEqual(["a"]);
  });

  it("keeps only the newest ones", () => {
    expect(replayedMessages(messages, at(9), 2).map((m) => m.id)).toEqual(["c", "d"]);
  });
});

describe("replay sync", () => {
  const anchor = replayAnchor(at(0));
  const loaded = (loadedUntil: Date | null, messages: ChatMessageView[] = []): LoadedReplay => ({ anchor, messages, loadedUntil });

  it("loads one window before the moment", () => {
    expect(anchor.getTime()).toBe(START - REPLAY_WINDOW_MS);
  });

  it("needs nothing while the loaded chat reaches far enough ahead, or to its end", () => {
    expect(replaySyncAction(loaded(at(600)), at(10))).toBe("none");
    expect(replaySyncAction(loaded(null), at(10_000))).toBe("none");
    expect(replaySyncAction(loaded(null), at(100))).toBe("none");
  });

  it("fetches the next page as the moment approaches the end of what is loaded", () => {
    expect(replaySyncAction(loaded(at(100)), new Date(at(100).getTime() - REPLAY_AHEAD_MS + 1))).toBe("fetchMore");
  });

  it("starts again from the moment after a seek back before the loaded chat, or far past it", () => {
    expect(replaySyncAction(loaded(at(600)), new Date(anchor.getTime() + 30_000))).toBe("reanchor");
    expect(replaySyncAction(loaded(at(100)), new Date(at(100).getTime() + REPLAY_WINDOW_MS + 1))).toBe("reanchor");
  });
});

describe("replay pages", () => {
  it("joins pages in order without repeating a message", () => {
    const pages = [{ messages: [message("a", 1), message("b", 2)] }, { messages: [message("b", 2), message("c", 3)] }];
    expect(joinReplayPages(pages).map((m) => m.id)).toEqual(["a", "b", "c"]);
  });
});
