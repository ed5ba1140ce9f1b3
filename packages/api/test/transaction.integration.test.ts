import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamEvent } from "../src/events/types";
import { inTransaction } from "../src/services/shared/transaction";
import { createStream, createUser, openTestEnv, type TestEnv } from "./fixtures";

/** The one "transaction, audit rows, then publish after commit" helper every service uses. */

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

async function listen(streamId: string, signal: AbortSignal): Promise<AsyncIterator<StreamEvent>> {
  const events = await env.bus.subscribe(streamId, signal);
  return events[Symbol.asyncIterator]();
}

const likes = (streamId: string, likeCount: number): StreamEvent => ({ type: "likes.updated", streamId, likeCount });

describe("inTransaction", () => {
  it("commits, then publishes the events in order and returns the result", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const controller = new AbortController();
    const received = await listen(stream.id, controller.signal);

    const result = await inTransaction(env, async (tx) => {
      await tx.liveStream.update({ where: { id: stream.id }, data: { likeCount: 7 } });
      return { result: "done", events: [likes(stream.id, 1), likes(stream.id, 2)] };
    });

    expect(result).toBe("done");
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).likeCount).toBe(7);
    expect((await received.next()).value).toEqual(likes(stream.id, 1));
    expect((await received.next()).value).toEqual(likes(stream.id, 2));
    controller.abort();
  });

  it("publishes nothing and keeps nothing when the transaction fails", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const controller = new AbortController();
    const received = await listen(stream.id, controller.signal);

    await expect(
      inTransaction(env, async (tx) => {
        await tx.liveStream.update({ where: { id: stream.id }, data: { likeCount: 7 } });
        if (stream.id) throw new Error("fails after the write");
        return { result: null, events: [likes(stream.id, 1)] };
      }),
    ).rejects.toThrow("fails after the write");

    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).likeCount).toBe(0);
    // The next event on the stream is a later, committed one: the failed transaction's never went out.
    await inTransaction(env, () => Promise.resolve({ result: null, events: [likes(stream.id, 99)] }));
    expect((await received.next()).value).toEqual(likes(stream.id, 99));
    controller.abort();
  });
});
