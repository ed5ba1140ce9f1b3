import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEventBus, type EventBus, type StreamEvent } from "@onair/api/events";
import { previewToken } from "@onair/api/ingest";
import { LocalDiskStorage } from "@onair/api/storage";
import { createDbClient, type Db } from "@onair/db";
import { freePort } from "@onair/db/dev";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { startMediaServer, type RunningMediaServer } from "../src/server";
import {
  createIngestStream,
  createOwner,
  playOverRtmp,
  probeDurationSeconds,
  publish,
  readSome,
  TEST_AUTH_SECRET,
  type Encoder,
} from "./helpers";

const WEB_ORIGIN = "http://web.test:3000";

let db: Db;
let bus: EventBus;
let mediaDir: string;
let server: RunningMediaServer;
const encoders: Encoder[] = [];

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl, { poolSize: 10 });
  bus = createEventBus({ databaseUrl });
  mediaDir = await mkdtemp(path.join(tmpdir(), "onair-media-"));
  server = await startMediaServer({
    db,
    bus,
    storage: new LocalDiskStorage(mediaDir),
    authSecret: TEST_AUTH_SECRET,
    mediaDir,
    rtmp: { host: "127.0.0.1", port: await freePort() },
    http: { host: "127.0.0.1", port: await freePort() },
    allowedOrigins: [WEB_ORIGIN],
    ffmpegPath: "ffmpeg",
    healthIntervalMs: 500,
  });
});

afterAll(async () => {
  await Promise.all(encoders.map((encoder) => encoder.stop()));
  await server?.close();
  await bus?.close();
  await db?.$disconnect();
  if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
});

function rtmpUrl(streamId: string, key: string): string {
  return `rtmp://127.0.0.1:${server.rtmpPort}/live/${streamId}?key=${encodeURIComponent(key)}`;
}

function mediaUrl(pathname: string): string {
  return `http://127.0.0.1:${server.httpPort}${pathname}`;
}

function startEncoder(url: string, options: { seconds?: number } = {}): Encoder {
  const encoder = publish(url, options);
  encoders.push(encoder);
  return encoder;
}

async function waitUntilPublishing(streamId: string): Promise<void> {
  await vi.waitFor(() => expect(server.isPublishing(streamId)).toBe(true), { timeout: 20_000, interval: 100 });
}

/** Collects the stream's bus events from now on. */
async function recordEvents(streamId: string) {
  const controller = new AbortController();
  const events: StreamEvent[] = [];
  const iterable = await bus.subscribe(streamId, controller.signal);
  void (async () => {
    for await (const event of iterable) events.push(event);
  })();
  return { events, stop: () => controller.abort() };
}

describe("RTMP ingest", () => {
  it("refuses a wrong key: the encoder is disconnected and never counts as publishing", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id);
    const encoder = startEncoder(rtmpUrl(stream.id, "not-the-key"));
    expect(await encoder.exited).not.toBe(0);
    expect(server.isPublishing(stream.id)).toBe(false);
    const after = await db.liveStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(after.ingestConnectedAt).toBeNull();
    expect(await db.recording.count({ where: { streamId: stream.id } })).toBe(0);
  });

  it("refuses publishing to an ended stream, even with its key", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id, { status: "ENDED" });
    const encoder = startEncoder(rtmpUrl(stream.id, stream.ingestKey!));
    expect(await encoder.exited).not.toBe(0);
    expect(server.isPublishing(stream.id)).toBe(false);
  });

  it("serves live video only once the stream is live (or with a preview token), reports health, and ends with the stream", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id);
    const events = await recordEvents(stream.id);
    const encoder = startEncoder(rtmpUrl(stream.id, stream.ingestKey!));
    await waitUntilPublishing(stream.id);
    await vi.waitFor(() => expect(events.events).toContainEqual({ type: "stream.source", streamId: stream.id, connected: true }), {
      timeout: 5_000,
    });
    expect((await db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).ingestConnectedAt).not.toBeNull();

    // Scheduled: viewers are refused; the owner's preview link plays.
    const refused = await fetch(mediaUrl(`/live/${stream.id}.flv`), { headers: { origin: WEB_ORIGIN } });
    expect(refused.status).toBe(403);
    await refused.body?.cancel();
    const wrongPreview = await fetch(
      mediaUrl(`/live/${stream.id}.flv?preview=${previewToken("another-secret-another-secret", stream.id)}`),
    );
    expect(wrongPreview.status).toBe(403);
    await wrongPreview.body?.cancel();
    const preview = await fetch(mediaUrl(`/live/${stream.id}.flv?preview=${previewToken(TEST_AUTH_SECRET, stream.id)}`), {
      headers: { origin: WEB_ORIGIN },
    });
    expect(preview.status).toBe(200);
    expect(preview.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
    expect((await readSome(preview, 3)).subarray(0, 3).toString("latin1")).toBe("FLV");

    // Health: bitrate, the 1 s keyframe interval (-g 30 at 30 fps) and the encoder's metadata.
    await vi.waitFor(
      async () => {
        const row = await db.liveStream.findUniqueOrThrow({ where: { id: stream.id } });
        const health = row.ingestHealth as Record<string, unknown> | null;
        expect(health).toMatchObject({ connected: true, width: 640, height: 360, videoCodec: "H.264", audioCodec: "AAC" });
        expect(health?.bitrateKbps).toBeGreaterThan(0);
        expect(health?.keyframeIntervalSeconds).toBeCloseTo(1, 1);
        expect(row.ingestLastDataAt).not.toBeNull();
      },
      { timeout: 15_000, interval: 250 },
    );

    // Nobody plays over RTMP (it would skip the checks above).
    expect(await playOverRtmp(`rtmp://127.0.0.1:${server.rtmpPort}/live/${stream.id}`)).not.toBe(0);

    // Live: anyone may watch; a viewer from another origin gets no CORS grant.
    await db.liveStream.update({ where: { id: stream.id }, data: { status: "LIVE", startedAt: new Date() } });
    const viewer = await fetch(mediaUrl(`/live/${stream.id}.flv`), { headers: { origin: "https://elsewhere.test" } });
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get("access-control-allow-origin")).toBeNull();
    const reader = viewer.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).subarray(0, 3).toString("latin1")).toBe("FLV");

    // The stream ends: the encoder is kicked and the viewer's response ends.
    const endedAt = new Date();
    await db.liveStream.update({ where: { id: stream.id }, data: { status: "ENDED", endedAt } });
    await bus.publish({ type: "stream.ended", streamId: stream.id, endedAt });
    expect(await encoder.exited).not.toBe(0);
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    expect(server.isPublishing(stream.id)).toBe(false);
    await vi.waitFor(() => expect(events.events).toContainEqual({ type: "stream.source", streamId: stream.id, connected: false }), {
      timeout: 5_000,
    });
    const after = await db.liveStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(after.ingestConnectedAt).toBeNull();
    expect(after.ingestHealth).toMatchObject({ connected: false });
    const gone = await fetch(mediaUrl(`/live/${stream.id}.flv`));
    expect(gone.status).toBe(403);
    await gone.body?.cancel();
    // The kicked session's recording is finished too.
    await server.recordingsIdle();
    expect(await db.recording.findMany({ where: { streamId: stream.id }, select: { status: true } })).toEqual([{ status: "READY" }]);
    events.stop();
  });

  it("kicks the encoder at once when the key is rotated, and refuses it when it reconnects with the old key", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id, { status: "LIVE" });
    const oldKey = stream.ingestKey!;
    const nobody = await fetch(mediaUrl(`/live/${stream.id}.flv`));
    expect(nobody.status).toBe(404);
    await nobody.body?.cancel();
    const encoder = startEncoder(rtmpUrl(stream.id, oldKey));
    await waitUntilPublishing(stream.id);

    await db.liveStream.update({ where: { id: stream.id }, data: { ingestKey: `${oldKey}-rotated` } });
    await bus.publish({ type: "ingest.keyRotated", streamId: stream.id });
    expect(await encoder.exited).not.toBe(0);
    expect(server.isPublishing(stream.id)).toBe(false);

    const again = startEncoder(rtmpUrl(stream.id, oldKey));
    expect(await again.exited).not.toBe(0);
    expect(server.isPublishing(stream.id)).toBe(false);

    const withNewKey = startEncoder(rtmpUrl(stream.id, `${oldKey}-rotated`));
    await waitUntilPublishing(stream.id);
    await withNewKey.stop();
  });

  it("takes a stream set to go live by itself live when the encoder connects, and keeps that encoder when another tries", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id, { status: "SCHEDULED", autoGoLive: true });
    const events = await recordEvents(stream.id);
    const encoder = startEncoder(rtmpUrl(stream.id, stream.ingestKey!));
    await waitUntilPublishing(stream.id);
    await vi.waitFor(async () => expect((await db.liveStream.findUniqueOrThrow({ where: { id: stream.id } })).status).toBe("LIVE"), {
      timeout: 5_000,
      interval: 100,
    });
    await vi.waitFor(() => expect(events.events.map((event) => event.type)).toContain("stream.started"), { timeout: 5_000 });

    // A second encoder with the same key does not take over the stream.
    const second = startEncoder(rtmpUrl(stream.id, stream.ingestKey!));
    expect(await second.exited).not.toBe(0);
    expect(server.isPublishing(stream.id)).toBe(true);
    expect(encoder.process.exitCode).toBeNull();
    await encoder.stop();
    events.stop();
  });

  it("records each publish session and makes it a READY MP4 of about the length pushed, served with ranges", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id, { status: "LIVE" });
    const pushedSeconds = 4;
    const encoder = startEncoder(rtmpUrl(stream.id, stream.ingestKey!), { seconds: pushedSeconds });
    expect(await encoder.exited).toBe(0);
    await vi.waitFor(() => expect(server.isPublishing(stream.id)).toBe(false), { timeout: 5_000, interval: 100 });
    await server.recordingsIdle();

    const recording = await db.recording.findFirstOrThrow({ where: { streamId: stream.id } });
    expect(recording).toMatchObject({ status: "READY", storageKey: `recordings/${recording.id}.mp4`, error: null });
    expect(recording.durationMs).toBeGreaterThan((pushedSeconds - 0.5) * 1000);
    expect(recording.durationMs).toBeLessThan((pushedSeconds + 0.5) * 1000);
    expect(recording.endedAt!.getTime()).toBeGreaterThan(recording.startedAt.getTime());
    const file = path.join(mediaDir, "recordings", `${recording.id}.mp4`);
    expect(await probeDurationSeconds(file)).toBeCloseTo(pushedSeconds, 0);
    expect(Number(recording.bytes)).toBeGreaterThan(10_000);

    const whole = await fetch(mediaUrl(`/recordings/${recording.id}.mp4`), { headers: { origin: WEB_ORIGIN } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(Number(whole.headers.get("content-length"))).toBe(Number(recording.bytes));
    expect(whole.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
    const bytes = Buffer.from(await whole.arrayBuffer());
    // faststart: the index (moov) comes before the media (mdat).
    expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat"));

    const part = await fetch(mediaUrl(`/recordings/${recording.id}.mp4`), { headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));

    const beyond = await fetch(mediaUrl(`/recordings/${recording.id}.mp4`), { headers: { range: `bytes=${bytes.length + 10}-` } });
    expect(beyond.status).toBe(416);
    await beyond.body?.cancel();
    const missing = await fetch(mediaUrl(`/recordings/${recording.id}x.mp4`));
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  });
});
