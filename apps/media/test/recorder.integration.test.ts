import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createEventBus } from "@onair/api/events";
import { LocalDiskStorage } from "@onair/api/storage";
import { createDbClient, type Db } from "@onair/db";
import { freePort } from "@onair/db/dev";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Recorder } from "../src/recorder";
import { startMediaServer } from "../src/server";
import { createIngestStream, createOwner, probeDurationSeconds, TEST_AUTH_SECRET } from "./helpers";

let db: Db;
let mediaDir: string;

beforeAll(async () => {
  db = createDbClient(inject("databaseUrl"), { poolSize: 4 });
  mediaDir = await mkdtemp(path.join(tmpdir(), "onair-recorder-"));
});

afterAll(async () => {
  await db?.$disconnect();
  if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
});

describe("Recorder.recover", () => {
  it("finishes recordings a previous run left in RECORDING or PROCESSING", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id, { status: "LIVE" });
    const sourcePath = `ingest/raw/live/${stream.id}/1.flv`;
    await mkdir(path.join(mediaDir, path.dirname(sourcePath)), { recursive: true });
    // What a session cut off mid-write leaves: an FLV of 3 s.
    await promisify(execFile)("ffmpeg", [
      ...["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30"],
      ...["-f", "lavfi", "-i", "sine", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac"],
      ...["-f", "flv", path.join(mediaDir, sourcePath)],
    ]);
    const cutOff = await db.recording.create({ data: { streamId: stream.id, startedAt: new Date(), sourcePath, status: "RECORDING" } });
    const lost = await db.recording.create({
      data: {
        streamId: stream.id,
        startedAt: new Date(),
        sourcePath: `ingest/raw/live/${stream.id}/2.flv`,
        status: "PROCESSING",
        endedAt: new Date(),
      },
    });

    const recorder = new Recorder({ db, storage: new LocalDiskStorage(mediaDir), mediaDir, ffmpegPath: "ffmpeg" });
    expect(await recorder.recover()).toBeGreaterThanOrEqual(2);
    await recorder.idle();

    const ready = await db.recording.findUniqueOrThrow({ where: { id: cutOff.id } });
    expect(ready).toMatchObject({ status: "READY", storageKey: `recordings/${cutOff.id}.mp4` });
    expect(ready.endedAt).not.toBeNull();
    expect(ready.durationMs).toBeGreaterThan(2_500);
    expect(ready.durationMs).toBeLessThan(3_500);
    expect(await probeDurationSeconds(path.join(mediaDir, "recordings", `${cutOff.id}.mp4`))).toBeCloseTo(3, 0);
    // The raw FLV is removed once the MP4 is stored.
    await expect(stat(path.join(mediaDir, sourcePath))).rejects.toMatchObject({ code: "ENOENT" });

    expect(await db.recording.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
      status: "FAILED",
      error: "The recording's file is missing.",
      storageKey: null,
    });
  });
});

describe("startMediaServer", () => {
  it("refuses a port already in use with a message naming it (instead of exiting the process)", async () => {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, "127.0.0.1", resolve));
    const bus = createEventBus({ databaseUrl: inject("databaseUrl") });
    try {
      await expect(
        startMediaServer({
          db,
          bus,
          storage: new LocalDiskStorage(mediaDir),
          authSecret: TEST_AUTH_SECRET,
          mediaDir,
          rtmp: { host: "127.0.0.1", port },
          http: { host: "127.0.0.1", port: await freePort() },
          allowedOrigins: [],
          ffmpegPath: null,
        }),
      ).rejects.toThrow(`RTMP port 127.0.0.1:${port} is already in use`);
    } finally {
      taken.close();
      await bus.close();
    }
  });
});
