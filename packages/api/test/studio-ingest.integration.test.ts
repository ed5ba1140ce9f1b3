import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { createCreator, nextEvent, openStudioMedia, studioCaller, type StudioMedia } from "./studio-fixtures";
import { ingestHealthToJson } from "../src/services/ingest/health";

let env: TestEnv;
let media: StudioMedia;
beforeAll(async () => {
  env = openTestEnv();
  media = await openStudioMedia();
});
afterAll(async () => {
  await Promise.all([env.close(), media.cleanup()]);
});

async function ingestStream() {
  const owner = await createCreator(env.db);
  const api = studioCaller(env, owner, media);
  const { id, slug } = await api.stream.create({ title: "From OBS", video: { provider: "INGEST" } });
  return { owner, api, id, slug };
}

async function keyOf(streamId: string): Promise<string> {
  return (await env.db.liveStream.findUniqueOrThrow({ where: { id: streamId } })).ingestKey!;
}

describe("studio.ingest and the ingest key", () => {
  it("gives OBS's server and key, whether the encoder is connected, and a preview path", async () => {
    const { api, id } = await ingestStream();
    const key = await keyOf(id);
    const ingest = await api.studio.ingest({ streamId: id });
    expect(ingest).toMatchObject({ serverUrl: "rtmp://studio.test:1935/live", streamKey: `${id}?key=${key}`, connected: false });
    const token = ingest.previewPath.match(new RegExp(`^/live/${id}\\.flv\\?preview=(\\d+)\\.([A-Za-z0-9_-]{43})$`));
    expect(token, ingest.previewPath).not.toBeNull();
    expect(Number(token![1])).toBeGreaterThan(Date.now());
  });

  it("is refused for streams that do not take video from an encoder", async () => {
    const owner = await createCreator(env.db);
    const api = studioCaller(env, owner, media);
    const { id } = await api.stream.create({ title: "YouTube", video: { provider: "YOUTUBE", source: "dQw4w9WgXcQ" } });
    await expect(api.studio.ingest({ streamId: id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(api.studio.rotateIngestKey({ streamId: id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await env.db.moderationLog.count({ where: { streamId: id } })).toBe(0);
    await expect(api.studio.ingestHealth({ streamId: id })).resolves.toBeNull();
  });

  it("rotating writes a new key, audits it and tells the media servers after the commit", async () => {
    const { owner, api, id } = await ingestStream();
    const oldKey = await keyOf(id);
    const abort = new AbortController();
    try {
      const rotated = await nextEvent(env.bus, id, "ingest.keyRotated", abort.signal);
      const ingest = await api.studio.rotateIngestKey({ streamId: id });
      const newKey = await keyOf(id);
      expect(newKey).not.toBe(oldKey);
      expect(Buffer.from(newKey, "base64url")).toHaveLength(32);
      expect(ingest.streamKey).toBe(`${id}?key=${newKey}`);
      await expect(rotated()).resolves.toEqual({ type: "ingest.keyRotated", streamId: id });
    } finally {
      abort.abort();
    }
    const log = await env.db.moderationLog.findMany({ where: { streamId: id } });
    expect(log).toMatchObject([{ action: "INGEST_KEY_ROTATE", actorId: owner.id }]);
  });

  it("never shows the key anywhere else: bySlug, list, myStreams, studio.stream, ingestHealth, the audit log", async () => {
    const { api, id, slug } = await ingestStream();
    await api.studio.rotateIngestKey({ streamId: id });
    const key = await keyOf(id);
    const admin = await createUser(env.db, { role: "ADMIN" });
    const outputs = await Promise.all([
      api.stream.bySlug({ slug }),
      studioCaller(env, null, media).stream.bySlug({ slug }),
      api.stream.list({ status: "SCHEDULED", limit: 50 }),
      api.studio.myStreams({ status: "SCHEDULED" }),
      api.studio.stream({ streamId: id }),
      api.studio.ingestHealth({ streamId: id }),
      api.moderation.log({ streamId: id }),
      studioCaller(env, admin, media).admin.log({ streamId: id }),
    ]);
    expect(JSON.stringify(outputs)).toContain(id);
    for (const output of outputs) expect(JSON.stringify(output)).not.toContain(key);
    expect(JSON.stringify(await env.db.moderationLog.findMany({ where: { streamId: id } }))).not.toContain(key);
  });
});

describe("going live", () => {
  it("an INGEST stream needs its encoder connected", async () => {
    const { api, id } = await ingestStream();
    await expect(api.stream.start({ streamId: id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "No encoder is connected: start streaming from OBS first.",
    });
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id } })).status).toBe("SCHEDULED");
    await env.db.liveStream.update({ where: { id }, data: { ingestConnectedAt: new Date() } });
    await expect(api.stream.start({ streamId: id })).resolves.toMatchObject({ status: "LIVE" });
  });

  it("a missed stream can still start; an ended one cannot", async () => {
    const owner = await createCreator(env.db);
    const api = studioCaller(env, owner, media);
    const { id } = await api.stream.create({ title: "Late", video: { provider: "YOUTUBE", source: "dQw4w9WgXcQ" } });
    await env.db.liveStream.update({ where: { id }, data: { status: "MISSED" } });
    await expect(api.stream.start({ streamId: id })).resolves.toMatchObject({ status: "LIVE" });
    expect(await codeOf(api.stream.start({ streamId: id }))).toBe("PRECONDITION_FAILED");
    await api.stream.end({ streamId: id });
    await expect(api.stream.start({ streamId: id })).rejects.toMatchObject({ message: "An ended stream cannot start again." });
  });
});

describe("studio.ingestHealth", () => {
  it("reads the media server's latest sample while the encoder is connected", async () => {
    const { api, id } = await ingestStream();
    await expect(api.studio.ingestHealth({ streamId: id })).resolves.toEqual({
      connected: false,
      connectedAt: null,
      lastDataAt: null,
      bitrateKbps: 0,
      keyframeIntervalSeconds: null,
      width: null,
      height: null,
      fps: null,
      videoCodec: null,
      audioCodec: null,
    });
    const connectedAt = new Date(Date.now() - 10_000);
    const lastDataAt = new Date();
    await env.db.liveStream.update({
      where: { id },
      data: {
        ingestConnectedAt: connectedAt,
        ingestLastDataAt: lastDataAt,
        // As the media server writes it (services/ingest/source.ts).
        ingestHealth: ingestHealthToJson({
          connected: true,
          connectedAt,
          lastDataAt,
          bitrateKbps: 4500,
          keyframeIntervalSeconds: 2,
          width: 1920,
          height: 1080,
          fps: 30,
          videoCodec: "H264",
          audioCodec: "AAC",
        }),
      },
    });
    await expect(api.studio.ingestHealth({ streamId: id })).resolves.toEqual({
      connected: true,
      connectedAt,
      lastDataAt,
      bitrateKbps: 4500,
      keyframeIntervalSeconds: 2,
      width: 1920,
      height: 1080,
      fps: 30,
      videoCodec: "H264",
      audioCodec: "AAC",
    });
  });
});
