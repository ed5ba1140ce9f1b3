import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessageView } from "../src/events/types";
import { chatCatchUp } from "../src/services/chat/catch-up";
import { DEFAULT_CHAT_LIMITS } from "../src/services/chat/chat-limits";
import { callerFor, codeOf, createStream, createUser, openTestEnv, unique, visible, type TestEnv } from "./fixtures";

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

type TestUser = Awaited<ReturnType<typeof createUser>>;

async function named(user: TestUser, name: string): Promise<TestUser> {
  await env.db.user.update({ where: { id: user.id }, data: { name } });
  return { ...user, name };
}

async function say(user: TestUser, streamId: string, body: string, replyToId?: string): Promise<ChatMessageView> {
  return visible(await callerFor(env, user).chat.send({ streamId, body, replyToId }));
}

async function caughtUp(streamId: string, lastEventId: string): Promise<ChatMessageView[]> {
  const messages: ChatMessageView[] = [];
  for await (const { event } of chatCatchUp({ db: env.db }, { streamId, lastEventId })) {
    if (event.type === "chat.message") messages.push(event.message);
  }
  return messages;
}

describe("replies and mentions in chat views", () => {
  it("every path that produces a message (send, retry, history, catch-up, approval, replay) says what it answers and whom it mentions", async () => {
    const owner = await createUser(env.db);
    const ana = await named(await createUser(env.db), "Ana Lima");
    const ben = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const streamId = stream.id;

    const question = await say(ana, streamId, "  Which   mic\n is that?  ");
    expect(question).toMatchObject({ replyTo: null, mentions: [] });

    // Mentions in the order written, lower-cased, each once; a name that is nobody's account is not one.
    const body = `@${ana.username.toUpperCase()} it is a dynamic mic, right @${owner.username}? @nobody_here_at_all @${ana.username}`;
    const requestId = "5b0e4c1e-2f3a-4b5c-8d6e-9f0a1b2c3d4e";
    const reply = visible(await callerFor(env, ben).chat.send({ streamId, body, replyToId: question.id, requestId }));
    const expected = {
      replyToId: question.id,
      replyTo: { id: question.id, seq: 1, author: { username: ana.username, name: "Ana Lima" }, excerpt: "Which mic is that?" },
      mentions: [ana.username, owner.username],
    };
    expect(reply).toMatchObject({ seq: 2, ...expected });

    // A retry of the same send answers the stored message, preview included.
    const retried = visible(await callerFor(env, ben).chat.send({ streamId, body, replyToId: question.id, requestId }));
    expect(retried).toMatchObject({ id: reply.id, ...expected });

    const history = await callerFor(env, null).chat.history({ streamId });
    expect(history.messages.map((message) => [message.seq, message.replyTo?.id ?? null, message.mentions])).toEqual([
      [1, null, []],
      [2, question.id, [ana.username, owner.username]],
    ]);
    expect(history.messages[1]).toMatchObject(expected);
    expect(await caughtUp(streamId, "1")).toMatchObject([{ id: reply.id, ...expected }]);

    // A held reply that a moderator approves goes live with its preview.
    await callerFor(env, owner).moderation.addTerm({ streamId, term: "giveaway", action: "HOLD" });
    const held = await callerFor(env, ana).chat.send({ streamId, body: `giveaway for @${ben.username}?`, replyToId: reply.id });
    expect(held.status).toBe("HELD");
    const approved = await callerFor(env, owner).moderation.approve({ streamId, messageId: held.message.id });
    expect(approved.message).toMatchObject({
      seq: 3,
      replyTo: { id: reply.id, seq: 2, author: { username: ben.username, name: null } },
      mentions: [ben.username],
    });

    await callerFor(env, owner).stream.end({ streamId });
    const replay = await callerFor(env, null).chat.replay({ streamId, after: new Date(0) });
    expect(replay.messages.map((message) => [message.seq, message.replyTo?.seq ?? null, message.mentions])).toEqual([
      [1, null, []],
      [2, 1, [ana.username, owner.username]],
      [3, 2, [ben.username]],
    ]);
  });

  it("cuts long answered messages to an excerpt and shows masked text, never the original", async () => {
    const owner = await createUser(env.db);
    const viewer = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    await callerFor(env, owner).moderation.addTerm({ streamId: stream.id, term: "darn", action: "MASK" });

    const long = await say(viewer, stream.id, `${"🎤".repeat(100)} end`);
    const masked = await say(viewer, stream.id, "well darn it");
    const toLong = await say(owner, stream.id, "nice", long.id);
    const toMasked = await say(owner, stream.id, "agreed", masked.id);

    // 79 microphones (code points, not UTF-16 halves) and an ellipsis: 80 characters.
    expect(toLong.replyTo!.excerpt).toBe(`${"🎤".repeat(79)}…`);
    expect(toMasked.replyTo!.excerpt).toBe("well **** it");
  });

  it("drops the preview of an answered message a moderator deleted, and refuses replies to messages that are not visible in this stream", async () => {
    const owner = await createUser(env.db);
    const viewer = await createUser(env.db);
    const [stream, other] = await Promise.all([createStream(env.db, owner.id), createStream(env.db, owner.id)]);
    const parent = await say(viewer, stream.id, "soon to be deleted");
    const reply = await say(owner, stream.id, "replying", parent.id);
    const elsewhere = await say(viewer, other.id, "in another stream");

    await callerFor(env, owner).moderation.deleteMessage({ streamId: stream.id, messageId: parent.id });
    const history = await callerFor(env, null).chat.history({ streamId: stream.id });
    expect(history.messages).toMatchObject([{ id: reply.id, replyToId: parent.id, replyTo: null }]);

    for (const replyToId of [parent.id, elsewhere.id, "no-such-message"]) {
      const refused = callerFor(env, viewer).chat.send({ streamId: stream.id, body: "reply", replyToId });
      await expect(refused).rejects.toThrow("The message you are replying to does not exist.");
    }
    expect(await env.db.chatMessage.count({ where: { streamId: stream.id } })).toBe(2);
  });
});

describe("chat.mentionCandidates", () => {
  it("lists recent chatters (most recent first), then signed-in viewers here now, never the caller or people who left", async () => {
    const owner = await createUser(env.db);
    const [ana, ben, cleo, dan, eve] = await Promise.all(Array.from({ length: 5 }, () => createUser(env.db)));
    const stream = await createStream(env.db, owner.id);
    await say(ana!, stream.id, "first");
    await say(ben!, stream.id, "second");
    await say(ana!, stream.id, "third");
    await env.db.viewerSession.createMany({
      data: [
        { streamId: stream.id, userId: cleo!.id, viewerKey: "cleo" },
        { streamId: stream.id, userId: dan!.id, viewerKey: "dan", leftAt: new Date() },
        { streamId: stream.id, userId: null, viewerKey: "anonymous" },
        // Present and chatting: listed once, as a chatter.
        { streamId: stream.id, userId: ben!.id, viewerKey: "ben" },
      ],
    });

    const usernames = (people: { username: string }[]) => people.map((person) => person.username);
    expect(usernames(await callerFor(env, eve!).chat.mentionCandidates({ streamId: stream.id, prefix: "" }))).toEqual([
      ana!.username,
      ben!.username,
      cleo!.username,
    ]);
    expect(usernames(await callerFor(env, ana!).chat.mentionCandidates({ streamId: stream.id, prefix: "" }))).toEqual([
      ben!.username,
      cleo!.username,
    ]);
    const anonymous = await callerFor(env, null).chat.mentionCandidates({ streamId: stream.id, prefix: "" });
    expect(anonymous[0]).toEqual({ id: ana!.id, username: ana!.username, name: null });
  });

  it("matches the start of the username or of any word of the name, case-insensitively, with `@` and wildcards taken literally", async () => {
    const owner = await createUser(env.db);
    const word = unique("zq").toLowerCase();
    const [byName, byLaterWord, other] = await Promise.all([
      named(await createUser(env.db), `${word.toUpperCase()} One`),
      named(await createUser(env.db), `Maria ${word}Two`),
      named(await createUser(env.db), `Not ${word.slice(0, 3)}x match`),
    ]);
    const stream = await createStream(env.db, owner.id);
    for (const user of [byName, byLaterWord, other]) await say(user, stream.id, "hi");
    const api = callerFor(env, owner);
    const lookup = async (prefix: string) =>
      (await api.chat.mentionCandidates({ streamId: stream.id, prefix })).map((person) => person.username).sort();

    expect(await lookup(word)).toEqual([byName.username, byLaterWord.username].sort());
    expect(await lookup(`@${word.toUpperCase()}`)).toEqual([byName.username, byLaterWord.username].sort());
    expect(await lookup(byLaterWord.username.toUpperCase())).toEqual([byLaterWord.username]);
    for (const literal of ["%", "_", ".*", "user_%", "' OR 1=1 --"]) expect(await lookup(literal), literal).toEqual([]);
  });

  it("returns at most 8 people", async () => {
    const owner = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const chatters = await Promise.all(Array.from({ length: 10 }, () => createUser(env.db)));
    for (const chatter of chatters) await say(chatter, stream.id, "present");
    const found = await callerFor(env, owner).chat.mentionCandidates({ streamId: stream.id, prefix: "user_" });
    // The eight who spoke last, newest first.
    expect(found.map((person) => person.id)).toEqual(
      chatters
        .slice(2)
        .reverse()
        .map((chatter) => chatter.id),
    );
  });

  it("refuses bad input, unknown streams and callers past their allowance, each with its reason", async () => {
    const owner = await createUser(env.db);
    const asker = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, asker);

    await expect(api.chat.mentionCandidates({ streamId: stream.id, prefix: "x".repeat(31) })).rejects.toThrow(
      "Prefix is longer than 30 characters.",
    );
    expect(await codeOf(api.chat.mentionCandidates({ streamId: stream.id, prefix: "x".repeat(31) }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.chat.mentionCandidates({ streamId: "no-such-stream", prefix: "" }))).toBe("NOT_FOUND");

    // The refusals above that passed validation counted (one); the allowance is 30 per 10 s.
    const allowance = DEFAULT_CHAT_LIMITS.mentionLookups;
    for (let i = 1; i < allowance; i++) await api.chat.mentionCandidates({ streamId: stream.id, prefix: "" });
    const refused = api.chat.mentionCandidates({ streamId: stream.id, prefix: "" });
    await expect(refused).rejects.toThrow(/^Too many name look-ups: try again in \d+ seconds?\.$/);
    expect(await codeOf(api.chat.mentionCandidates({ streamId: stream.id, prefix: "" }))).toBe("TOO_MANY_REQUESTS");
    // Another person has their own allowance.
    expect(await callerFor(env, owner).chat.mentionCandidates({ streamId: stream.id, prefix: "" })).toEqual([]);
  });
});
