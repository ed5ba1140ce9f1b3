import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { createCreator, openStudioMedia, studioCaller, withStreamCreationPolicy, type StudioMedia } from "./studio-fixtures";

let env: TestEnv;
let media: StudioMedia;
let agoraMedia: StudioMedia;
beforeAll(async () => {
  env = openTestEnv();
  [media, agoraMedia] = await Promise.all([openStudioMedia(), openStudioMedia({ agora: true })]);
});
afterAll(async () => {
  await Promise.all([env.close(), media.cleanup(), agoraMedia.cleanup()]);
});

const youtube = { provider: "YOUTUBE", source: "dQw4w9WgXcQ" } as const;

async function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "(succeeded)",
    (error: unknown) => (error instanceof TRPCError ? error.message : `not a TRPCError: ${String(error)}`),
  );
}

function streamsOf(ownerId: string) {
  return env.db.liveStream.count({ where: { ownerId } });
}

describe("who may create streams", () => {
  it("under CREATORS: creators and admins; anyone else is told to ask an admin, and nothing is stored", async () => {
    const [viewer, creator, admin] = await Promise.all([createUser(env.db), createCreator(env.db), createUser(env.db, { role: "ADMIN" })]);
    await withStreamCreationPolicy(env.db, "CREATORS", async () => {
      const refusal = studioCaller(env, viewer, media).stream.create({ title: "Mine", video: youtube });
      await expect(refusal).rejects.toMatchObject({ code: "FORBIDDEN", message: "Only creators can create streams: ask an admin." });
      expect(await streamsOf(viewer.id)).toBe(0);
      await expect(studioCaller(env, creator, media).studio.capabilities()).resolves.toMatchObject({ canCreate: true, reason: null });
      await expect(studioCaller(env, viewer, media).studio.capabilities()).resolves.toMatchObject({
        canCreate: false,
        reason: "Only creators can create streams: ask an admin.",
      });
      await studioCaller(env, creator, media).stream.create({ title: "Creator's", video: youtube });
      await studioCaller(env, admin, media).stream.create({ title: "Admin's", video: youtube });
    });
    expect(await streamsOf(creator.id)).toBe(1);
    expect(await streamsOf(admin.id)).toBe(1);
  });

  it("under EVERYONE: every signed-in user; anonymous callers must sign in", async () => {
    const viewer = await createUser(env.db);
    await withStreamCreationPolicy(env.db, "EVERYONE", async () => {
      await studioCaller(env, viewer, media).stream.create({ title: "Anyone's", video: youtube });
      expect(await codeOf(studioCaller(env, null, media).stream.create({ title: "Nobody's", video: youtube }))).toBe("UNAUTHORIZED");
    });
    expect(await streamsOf(viewer.id)).toBe(1);
  });

  it("a site without settings allows only creators", async () => {
    const viewer = await createUser(env.db);
    await withStreamCreationPolicy(env.db, "EVERYONE", async () => {
      await env.db.siteSettings.deleteMany({});
      expect(await codeOf(studioCaller(env, viewer, media).stream.create({ title: "Mine", video: youtube }))).toBe("FORBIDDEN");
    });
  });

  it("a revoked creator loses the right at once", async () => {
    const creator = await createCreator(env.db);
    await withStreamCreationPolicy(env.db, "CREATORS", async () => {
      const api = studioCaller(env, creator, media);
      await api.stream.create({ title: "Before", video: youtube });
      await env.db.user.update({ where: { id: creator.id }, data: { canCreateStreams: false } });
      expect(await codeOf(api.stream.create({ title: "After", video: youtube }))).toBe("FORBIDDEN");
    });
    expect(await streamsOf(creator.id)).toBe(1);
  });
});

describe("stream.create", () => {
  it("creates a scheduled stream with a slug from its title, its schedule and its first chat rules", async () => {
    const creator = await createCreator(env.db);
    const at = new Date(Date.now() + 86_400_000);
    const { id, slug } = await studioCaller(env, creator, media).stream.create({
      title: "  Friday Night Jazz à la carte ",
      description: "Live from the club.",
      scheduledStartAt: at,
      video: youtube,
      chat: { slowModeSeconds: 10, followersOnlyMinutes: 0, profanityFilter: "BLOCK" },
    });
    expect(slug).toMatch(/^friday-night-jazz-a-la-carte-[a-z0-9]{6}$/);
    const stored = await env.db.liveStream.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({
      slug,
      title: "Friday Night Jazz à la carte",
      description: "Live from the club.",
      ownerId: creator.id,
      status: "SCHEDULED",
      scheduledStartAt: at,
      videoProvider: "YOUTUBE",
      videoSource: "dQw4w9WgXcQ",
      ingestKey: null,
      slowModeSeconds: 10,
      followersOnlyMinutes: 0,
      profanityFilter: "BLOCK",
      chatEnabled: true,
    });
  });

  it.each([
    ["https://www.youtube.com/watch?v=jfKfPfyJRdk&t=10s"],
    ["https://youtu.be/jfKfPfyJRdk"],
    ["https://www.youtube.com/live/jfKfPfyJRdk"],
    ["https://youtube.com/shorts/jfKfPfyJRdk"],
    ["https://www.youtube.com/embed/jfKfPfyJRdk"],
    ["https://m.youtube.com/watch?v=jfKfPfyJRdk"],
    ["jfKfPfyJRdk"],
  ])("stores the video id of %s", async (source) => {
    const creator = await createCreator(env.db);
    const { id } = await studioCaller(env, creator, media).stream.create({ title: "Lofi", video: { provider: "YOUTUBE", source } });
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id } })).videoSource).toBe("jfKfPfyJRdk");
  });

  it("HLS: the playlist and its replay; bySlug plays them", async () => {
    const creator = await createCreator(env.db);
    const api = studioCaller(env, creator, media);
    const { slug } = await api.stream.create({
      title: "Camera",
      video: { provider: "HLS", url: "https://cdn.example/live/index.m3u8", replayUrl: "https://cdn.example/vod/index.m3u8" },
    });
    await expect(api.stream.bySlug({ slug })).resolves.toMatchObject({
      playback: { provider: "HLS", url: "https://cdn.example/live/index.m3u8", replayUrl: "https://cdn.example/vod/index.m3u8" },
      thumbnailUrl: null,
      sourceConnected: null,
    });
  });

  it("AGORA: refused with the reason without credentials; with them the channel is the stream's id", async () => {
    const creator = await createCreator(env.db);
    await expect(studioCaller(env, creator, media).stream.create({ title: "Call", video: { provider: "AGORA" } })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "Agora streams are not available: This server has no Agora credentials (AGORA_APP_ID and AGORA_APP_CERTIFICATE).",
    });
    expect(await streamsOf(creator.id)).toBe(0);
    const api = studioCaller(env, creator, agoraMedia);
    const { id, slug } = await api.stream.create({ title: "Call", video: { provider: "AGORA" } });
    await expect(api.stream.bySlug({ slug })).resolves.toMatchObject({
      playback: { provider: "AGORA", channel: id, available: false, reason: "The stream is not live." },
    });
  });

  it("INGEST: makes a 32-byte ingest key; bySlug gives the live path and whether the encoder is connected", async () => {
    const creator = await createCreator(env.db);
    const api = studioCaller(env, creator, media);
    const { id, slug } = await api.stream.create({ title: "OBS", video: { provider: "INGEST", autoGoLive: true } });
    const stored = await env.db.liveStream.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ videoProvider: "INGEST", videoSource: "", autoGoLive: true });
    expect(Buffer.from(stored.ingestKey!, "base64url")).toHaveLength(32);
    await expect(api.stream.bySlug({ slug })).resolves.toMatchObject({
      playback: { provider: "INGEST", livePath: `/live/${id}.flv`, recordings: [] },
      sourceConnected: false,
    });
  });

  it("a retry with the same requestId returns the same stream, even when both attempts run at once", async () => {
    const creator = await createCreator(env.db);
    const api = studioCaller(env, creator, media);
    const input = { title: "Once", video: youtube, requestId: "create-0123456789" };
    const [first, second] = await Promise.all([api.stream.create(input), api.stream.create(input)]);
    expect(second).toEqual(first);
    await expect(api.stream.create(input)).resolves.toEqual(first);
    expect(await streamsOf(creator.id)).toBe(1);
    // The id is the owner's: another creator's request with the same id makes their own stream.
    const other = await createCreator(env.db);
    await expect(studioCaller(env, other, media).stream.create(input)).resolves.not.toEqual(first);
  });
});

describe("stream.create refuses bad input with a sentence and stores nothing", () => {
  const inFuture = (ms: number) => new Date(Date.now() + ms);
  it.each([
    ["an empty title", { title: "   ", video: youtube }, "Title cannot be empty."],
    ["a long title", { title: "x".repeat(121), video: youtube }, "Title is longer than 120 characters."],
    ["a long description", { title: "T", description: "d".repeat(2_001), video: youtube }, "Description is longer than 2,000 characters."],
    ["a start in the past", { title: "T", scheduledStartAt: inFuture(-5 * 60_000), video: youtube }, "The scheduled start is in the past."],
    ["a start years away", { title: "T", scheduledStartAt: inFuture(400 * 86_400_000), video: youtube }, "more than a year away"],
    [
      "a Vimeo link",
      { title: "T", video: { provider: "YOUTUBE", source: "https://vimeo.com/123456" } },
      "That is not a YouTube video URL or id.",
    ],
    [
      "a YouTube channel",
      { title: "T", video: { provider: "YOUTUBE", source: "https://www.youtube.com/@someone" } },
      "That is not a YouTube",
    ],
    [
      "an HLS URL to an mp4",
      { title: "T", video: { provider: "HLS", url: "https://cdn.example/a.mp4" } },
      "must point to an .m3u8 playlist.",
    ],
    [
      "a javascript: HLS URL",
      { title: "T", video: { provider: "HLS", url: "javascript:alert(1)//a.m3u8" } },
      "must start with https:// or http://.",
    ],
    ["a data: HLS URL", { title: "T", video: { provider: "HLS", url: "data:text/plain,a.m3u8" } }, "must start with https:// or http://."],
    [
      "credentials in the HLS URL",
      { title: "T", video: { provider: "HLS", url: "https://u:p@cdn.example/a.m3u8" } },
      "user name or password",
    ],
    [
      "a 3,000-character HLS URL",
      { title: "T", video: { provider: "HLS", url: `https://cdn.example/${"a".repeat(3_000)}.m3u8` } },
      "longer than 2,048",
    ],
    [
      "a bad replay URL",
      { title: "T", video: { provider: "HLS", url: "https://c.example/a.m3u8", replayUrl: "ftp://c.example/r.m3u8" } },
      "The replay URL",
    ],
    ["an unknown source", { title: "T", video: { provider: "TWITCH", source: "x" } }, "Choose a video source"],
    ["an unknown chat setting", { title: "T", video: youtube, chat: { shieldMode: true } }, "shieldMode"],
    ["a bad slow mode", { title: "T", video: youtube, chat: { slowModeSeconds: 500 } }, "Slow mode is 0 (off) or 1–120 seconds."],
    ["a bad requestId", { title: "T", video: youtube, requestId: "no spaces allowed" }, "requestId must be"],
  ])("%s", async (_name, input, sentence) => {
    const creator = await createCreator(env.db);
    const api = studioCaller(env, creator, agoraMedia);
    const outcome = api.stream.create(input as never);
    expect(await codeOf(outcome)).toBe("BAD_REQUEST");
    expect(await messageOf(api.stream.create(input as never))).toContain(sentence);
    expect(await streamsOf(creator.id)).toBe(0);
  });
});
