import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

const START = new Date("2026-12-03T10:00:00.000Z");
const at = (seconds: number) => new Date(START.getTime() + seconds * 1000);

/** An ended stream with messages at the given seconds after START (in seq order), some of them not visible. */
async function endedStreamWithChat(messages: { second: number; body: string; status?: "VISIBLE" | "HELD" | "DELETED" }[]) {
  const owner = await createUser(env.db);
  const viewer = await createUser(env.db);
  const stream = await createStream(env.db, owner.id, "ENDED");
  let seq = 0;
  for (const message of messages) {
    const visible = (message.status ?? "VISIBLE") === "VISIBLE";
    await env.db.chatMessage.create({
      data: {
        streamId: stream.id,
        userId: viewer.id,
        body: message.body,
        status: message.status ?? "VISIBLE",
        seq: visible || message.status === "DELETED" ? ++seq : null,
        createdAt: at(message.second),
      },
    });
  }
  return { stream, viewer };
}

describe("chat.replay", () => {
  it("returns the visible messages sent after the moment, oldest first, to anyone", async () => {
    const { stream, viewer } = await endedStreamWithChat([
      { second: 1, body: "before" },
      { second: 5, body: "at five" },
      { second: 6, body: "held", status: "HELD" },
      { second: 7, body: "deleted", status: "DELETED" },
      { second: 9, body: "at nine" },
    ]);
    const page = await callerFor(env, null).chat.replay({ streamId: stream.id, after: at(1) });
    expect(page.messages.map((m) => m.body)).toEqual(["at five", "at nine"]);
    expect(page.messages[0]).toMatchObject({ createdAt: at(5), author: { id: viewer.id } });
    expect(page.nextAfter).toBeNull();
  });

  it("pages without skipping messages that share a millisecond at the page boundary", async () => {
    const { stream } = await endedStreamWithChat([
      { second: 1, body: "a" },
      { second: 2, body: "b1" },
      { second: 2, body: "b2" },
      { second: 3, body: "c" },
    ]);
    const api = callerFor(env, null);
    const first = await api.chat.replay({ streamId: stream.id, after: at(0), limit: 2 });
    // "b1" fits the page but shares its millisecond with "b2", which does not: both go to the next page.
    expect(first.messages.map((m) => m.body)).toEqual(["a"]);
    expect(first.nextAfter).toEqual(at(1));
    const second = await api.chat.replay({ streamId: stream.id, after: first.nextAfter!, limit: 2 });
    expect(second.messages.map((m) => m.body)).toEqual(["b1", "b2"]);
    const third = await api.chat.replay({ streamId: stream.id, after: second.nextAfter!, limit: 2 });
    expect(third.messages.map((m) => m.body)).toEqual(["c"]);
    expect(third.nextAfter).toBeNull();
  });

  it("refuses a stream that has not ended, an unknown stream and an oversized page", async () => {
    const owner = await createUser(env.db);
    const live = await createStream(env.db, owner.id, "LIVE");
    const api = callerFor(env, null);
    expect(await codeOf(api.chat.replay({ streamId: live.id, after: START }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(api.chat.replay({ streamId: "no-such-stream", after: START }))).toBe("NOT_FOUND");
    const { stream } = await endedStreamWithChat([]);
    expect(await codeOf(api.chat.replay({ streamId: stream.id, after: START, limit: 201 }))).toBe("BAD_REQUEST");
    expect(await api.chat.replay({ streamId: stream.id, after: START })).toEqual({ messages: [], nextAfter: null });
  });
});
