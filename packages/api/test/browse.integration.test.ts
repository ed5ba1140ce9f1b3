import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, createStream, createUser, openTestEnv, unique, type TestEnv } from "./fixtures";

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

/** A stream with a title of its own (so searches in a shared database find only this test's streams). */
async function streamTitled(ownerId: string, title: string, status: "LIVE" | "SCHEDULED" | "ENDED" | "MISSED" = "LIVE") {
  const stream = await createStream(env.db, ownerId, status === "MISSED" ? "SCHEDULED" : status);
  return env.db.liveStream.update({ where: { id: stream.id }, data: { title, status } });
}

describe("stream.list search and channel", () => {
  it("finds streams by title or by the creator's username or name, case-insensitively", async () => {
    const word = unique("Quasar");
    const owner = await createUser(env.db);
    const named = await env.db.user.update({ where: { id: (await createUser(env.db)).id }, data: { name: `Dr ${word} Jones` } });
    const byTitle = await streamTitled(owner.id, `Night of the ${word} sky`);
    const byName = await streamTitled(named.id, "Cooking with friends");
    const api = callerFor(env, null);

    const found = await api.stream.list({ status: "LIVE", query: word.toLowerCase() });
    expect(found.items.map((item) => item.id).sort()).toEqual([byTitle.id, byName.id].sort());

    const byUsername = await api.stream.list({ status: "LIVE", query: `  ${owner.username.toUpperCase()} ` });
    expect(byUsername.items.map((item) => item.id)).toEqual([byTitle.id]);
    expect(await api.stream.list({ status: "ENDED", query: word })).toEqual({ items: [], nextCursor: null });
  });

  it("matches % and _ literally", async () => {
    const owner = await createUser(env.db);
    const tag = unique("pct");
    const literal = await streamTitled(owner.id, `${tag} 100% real_deal`);
    await streamTitled(owner.id, `${tag} 100 percent realXdeal`);
    const api = callerFor(env, null);
    expect((await api.stream.list({ status: "LIVE", query: `${tag} 100%` })).items.map((item) => item.id)).toEqual([literal.id]);
    expect((await api.stream.list({ status: "LIVE", query: "real_deal" })).items.map((item) => item.id)).toEqual([literal.id]);
  });

  it("refuses an empty or overlong search and a MISSED status", async () => {
    const api = callerFor(env, null);
    expect(await codeOf(api.stream.list({ status: "LIVE", query: "   " }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.stream.list({ status: "LIVE", query: "x".repeat(101) }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.stream.list({ status: "MISSED" as "LIVE" }))).toBe("BAD_REQUEST");
  });

  it("never lists a MISSED stream", async () => {
    const owner = await createUser(env.db);
    const title = unique("missed-");
    await streamTitled(owner.id, title, "MISSED");
    const api = callerFor(env, null);
    for (const status of ["LIVE", "SCHEDULED", "ENDED"] as const) {
      expect((await api.stream.list({ status, query: title })).items).toEqual([]);
    }
    expect((await api.stream.list({ status: "SCHEDULED", channel: owner.username })).items).toEqual([]);
  });

  it("lists one channel's streams page by page in the status's order, with thumbnails", async () => {
    const owner = await createUser(env.db);
    const other = await createUser(env.db);
    const base = Date.now() - 10 * 3_600_000;
    const ended = [];
    for (let index = 0; index < 5; index++) {
      const stream = await createStream(env.db, owner.id, "ENDED");
      ended.push(await env.db.liveStream.update({ where: { id: stream.id }, data: { endedAt: new Date(base + index * 60_000) } }));
    }
    await createStream(env.db, other.id, "ENDED");
    await env.db.liveStream.update({ where: { id: ended[4]!.id }, data: { thumbnailKey: `thumbnails/${ended[4]!.id}-abc.webp` } });
    const api = callerFor(env, null);

    const first = await api.stream.list({ status: "ENDED", channel: `@${owner.username}`, limit: 2 });
    const second = await api.stream.list({ status: "ENDED", channel: owner.username, limit: 2, cursor: first.nextCursor });
    const third = await api.stream.list({ status: "ENDED", channel: owner.username, limit: 2, cursor: second.nextCursor });
    const ids = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(ids).toEqual(ended.map((stream) => stream.id).reverse());
    expect(third.nextCursor).toBeNull();
    expect(first.items[0]!.thumbnailUrl).toBe(`/media/thumbnails/${ended[4]!.id}-abc.webp`);
    expect(first.items[1]!.thumbnailUrl).toBeNull();
    expect(first.items[0]!.owner.username).toBe(owner.username);
  });
});

describe("stream.channel", () => {
  it("shows the channel's profile, follower count and whether it is live", async () => {
    const owner = await createUser(env.db);
    const [fan1, fan2] = await Promise.all([createUser(env.db), createUser(env.db)]);
    await createStream(env.db, owner.id, "ENDED");
    const api = callerFor(env, null);
    expect(await api.stream.channel({ username: owner.username.toUpperCase() })).toEqual({
      id: owner.id,
      username: owner.username,
      name: null,
      image: null,
      followerCount: 0,
      live: false,
    });

    await callerFor(env, fan1).stream.setFollow({ channelId: owner.id, following: true });
    await callerFor(env, fan2).stream.setFollow({ channelId: owner.id, following: true });
    await createStream(env.db, owner.id, "LIVE");
    expect(await api.stream.channel({ username: owner.username })).toMatchObject({ followerCount: 2, live: true });
  });

  it("says which channel does not exist", async () => {
    const api = callerFor(env, null);
    await expect(api.stream.channel({ username: "nobody_here_42" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "No channel @nobody_here_42.",
    });
    expect(await codeOf(api.stream.channel({ username: "no spaces" }))).toBe("BAD_REQUEST");
  });
});

describe("following a channel", () => {
  it("follows by channel id, and the stream page sees the same follow", async () => {
    const owner = await createUser(env.db);
    const fan = await createUser(env.db);
    const stream = await createStream(env.db, owner.id);
    const api = callerFor(env, fan);

    expect(await api.stream.followStatus({ channelId: owner.id })).toEqual({ following: false, followedAt: null });
    const followed = await api.stream.setFollow({ channelId: owner.id, following: true });
    expect(followed.following).toBe(true);
    // Idempotent: following again keeps the first follow's time.
    expect(await api.stream.setFollow({ channelId: owner.id, following: true })).toEqual(followed);
    expect(await api.stream.followStatus({ streamId: stream.id })).toEqual(followed);

    await api.stream.setFollow({ streamId: stream.id, following: false });
    expect(await api.stream.followStatus({ channelId: owner.id })).toEqual({ following: false, followedAt: null });
  });

  it("refuses following yourself and unknown channels", async () => {
    const owner = await createUser(env.db);
    const api = callerFor(env, owner);
    await expect(api.stream.setFollow({ channelId: owner.id, following: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "You cannot follow your own channel.",
    });
    await expect(api.stream.followStatus({ channelId: "no-such-user" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Channel not found.",
    });
    expect(await codeOf(api.stream.followStatus({} as { channelId: string }))).toBe("BAD_REQUEST");
    expect(await env.db.follow.count({ where: { followerId: owner.id } })).toBe(0);
  });
});
