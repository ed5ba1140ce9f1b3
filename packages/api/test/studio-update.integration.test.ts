import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { createCreator, nextEvent, openStudioMedia, studioCaller, type StudioMedia } from "./studio-fixtures";

let env: TestEnv;
let media: StudioMedia;
beforeAll(async () => {
  env = openTestEnv();
  media = await openStudioMedia();
});
afterAll(async () => {
  await Promise.all([env.close(), media.cleanup()]);
});

const youtube = { provider: "YOUTUBE", source: "dQw4w9WgXcQ" } as const;

async function scheduled(video: Parameters<ReturnType<typeof studioCaller>["stream"]["create"]>[0]["video"] = youtube) {
  const owner = await createCreator(env.db);
  const api = studioCaller(env, owner, media);
  const { id, slug } = await api.stream.create({ title: "Planned", video, scheduledStartAt: new Date(Date.now() + 3_600_000) });
  return { owner, api, id, slug };
}

function row(id: string) {
  return env.db.liveStream.findUniqueOrThrow({ where: { id } });
}

describe("stream.update", () => {
  it("before the start: moves the schedule and switches the video source; the edit form reads it back", async () => {
    const { api, id } = await scheduled();
    const later = new Date(Date.now() + 2 * 86_400_000);
    await api.stream.update({ streamId: id, scheduledStartAt: later, video: { provider: "HLS", url: "https://cdn.example/a.m3u8" } });
    await expect(api.studio.stream({ streamId: id })).resolves.toMatchObject({
      id,
      title: "Planned",
      status: "SCHEDULED",
      scheduledStartAt: later,
      video: { provider: "HLS", url: "https://cdn.example/a.m3u8", replayUrl: null },
      chat: { chatEnabled: true, slowModeSeconds: 0 },
      thumbnailUrl: null,
    });
    await api.stream.update({ streamId: id, scheduledStartAt: null });
    expect((await row(id)).scheduledStartAt).toBeNull();
  });

  it("switching to INGEST makes a key; switching away clears it and tells the media servers", async () => {
    const { api, id } = await scheduled();
    await api.stream.update({ streamId: id, video: { provider: "INGEST", autoGoLive: true } });
    expect(await row(id)).toMatchObject({
      videoProvider: "INGEST",
      videoSource: "",
      autoGoLive: true,
      ingestKey: expect.any(String) as string,
    });
    await expect(api.studio.stream({ streamId: id })).resolves.toMatchObject({ video: { provider: "INGEST", autoGoLive: true } });
    await api.stream.update({ streamId: id, autoGoLive: false });
    expect((await row(id)).autoGoLive).toBe(false);

    const abort = new AbortController();
    try {
      const rotated = await nextEvent(env.bus, id, "ingest.keyRotated", abort.signal);
      await api.stream.update({ streamId: id, video: { provider: "YOUTUBE", source: "https://youtu.be/jfKfPfyJRdk" } });
      await expect(rotated()).resolves.toEqual({ type: "ingest.keyRotated", streamId: id });
    } finally {
      abort.abort();
    }
    expect(await row(id)).toMatchObject({ videoProvider: "YOUTUBE", videoSource: "jfKfPfyJRdk", ingestKey: null, autoGoLive: false });
  });

  it("after the start: the title and description change, the schedule and source do not", async () => {
    const { api, id } = await scheduled();
    await api.stream.start({ streamId: id });
    await expect(api.stream.update({ streamId: id, scheduledStartAt: new Date(Date.now() + 60_000) })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "The schedule can only change before the stream starts.",
    });
    await expect(api.stream.update({ streamId: id, video: youtube })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "The video source can only change before the stream starts.",
    });
    await expect(api.stream.update({ streamId: id, title: "Now live", description: "Come in" })).resolves.toMatchObject({
      title: "Now live",
      description: "Come in",
    });
  });

  it("a replay playlist only for HLS streams (also after the end), going live on connect only for INGEST ones", async () => {
    const hls = await scheduled({ provider: "HLS", url: "https://cdn.example/live.m3u8" });
    await hls.api.stream.start({ streamId: hls.id });
    await hls.api.stream.end({ streamId: hls.id });
    await hls.api.stream.update({ streamId: hls.id, replayUrl: "https://cdn.example/vod.m3u8" });
    await expect(hls.api.stream.bySlug({ slug: hls.slug })).resolves.toMatchObject({
      playback: { provider: "HLS", url: "https://cdn.example/live.m3u8", replayUrl: "https://cdn.example/vod.m3u8" },
    });
    await expect(hls.api.stream.update({ streamId: hls.id, replayUrl: "javascript:alert(1)//x.m3u8" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(hls.api.stream.update({ streamId: hls.id, autoGoLive: true })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const yt = await scheduled();
    await expect(yt.api.stream.update({ streamId: yt.id, replayUrl: "https://cdn.example/vod.m3u8" })).rejects.toMatchObject({
      message: "A replay playlist applies only to HLS streams.",
    });
  });

  it("refuses bad input and nothing changes", async () => {
    const { api, id } = await scheduled();
    const before = await row(id);
    for (const input of [
      {},
      { title: "" },
      { title: "t".repeat(121) },
      { scheduledStartAt: new Date(Date.now() - 3_600_000) },
      { video: { provider: "YOUTUBE", source: "https://example.com/watch?v=dQw4w9WgXcQ" } },
      { video: { provider: "AGORA" } },
    ]) {
      expect(await codeOf(api.stream.update({ streamId: id, ...input } as never)), JSON.stringify(input)).toMatch(
        /^(BAD_REQUEST|PRECONDITION_FAILED)$/,
      );
    }
    expect(await row(id)).toEqual(before);
  });

  it("only the owner and admins", async () => {
    const { id } = await scheduled();
    expect(await codeOf(studioCaller(env, await createUser(env.db), media).stream.update({ streamId: id, title: "Mine now" }))).toBe(
      "FORBIDDEN",
    );
    const admin = await createUser(env.db, { role: "ADMIN" });
    await studioCaller(env, admin, media).stream.update({ streamId: id, title: "Fixed by an admin" });
    expect((await row(id)).title).toBe("Fixed by an admin");
  });
});

describe("studio.myStreams", () => {
  it("lists only the caller's streams of one status, newest first, a page at a time, with their numbers", async () => {
    const owner = await createCreator(env.db);
    const api = studioCaller(env, owner, media);
    const created = [];
    for (const title of ["One", "Two", "Three"]) created.push(await api.stream.create({ title, video: youtube }));
    await studioCaller(env, await createCreator(env.db), media).stream.create({ title: "Someone else's", video: youtube });
    await env.db.liveStream.update({
      where: { id: created[0]!.id },
      data: { status: "ENDED", likeCount: 7, lastMessageSeq: 42, peakViewers: 9 },
    });

    const first = await api.studio.myStreams({ status: "SCHEDULED", limit: 1 });
    expect(first.items.map((item) => item.title)).toEqual(["Three"]);
    const second = await api.studio.myStreams({ status: "SCHEDULED", limit: 1, cursor: first.nextCursor });
    expect(second.items.map((item) => item.title)).toEqual(["Two"]);
    expect(second.nextCursor).toBeNull();
    await expect(api.studio.myStreams({ status: "ENDED" })).resolves.toEqual({
      items: [
        expect.objectContaining({
          id: created[0]!.id,
          title: "One",
          likeCount: 7,
          messageCount: 42,
          peakViewers: 9,
          viewerCount: 0,
          videoProvider: "YOUTUBE",
          sourceConnected: null,
          thumbnailUrl: null,
        }),
      ],
      nextCursor: null,
    });
    expect(await codeOf(api.studio.myStreams({ status: "SCHEDULED", limit: 51 }))).toBe("BAD_REQUEST");
  });
});
