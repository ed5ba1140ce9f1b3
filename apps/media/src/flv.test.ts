import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { flvMediaSpanMs, mediaFrameOf, readTag } from "./flv";

function tag(type: number, timestampMs: number, data: number[]): Buffer {
  const buffer = Buffer.alloc(11 + data.length + 4);
  buffer[0] = type;
  buffer.writeUIntBE(data.length, 1, 3);
  buffer.writeUIntBE(timestampMs & 0xffffff, 4, 3);
  buffer[7] = (timestampMs >>> 24) & 0xff;
  Buffer.from(data).copy(buffer, 11);
  buffer.writeUInt32BE(11 + data.length, 11 + data.length);
  return buffer;
}

const FILE_HEADER = Buffer.from([0x46, 0x4c, 0x56, 0x01, 0x05, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00]);
const AVC_CONFIG = [0x17, 0x00, 0, 0, 0];
const AVC_KEY = [0x17, 0x01, 0, 0, 0, 9];
const AVC_INTER = [0x27, 0x01, 0, 0, 0, 9];
const AAC_CONFIG = [0xaf, 0x00, 0x12, 0x10];
const AAC_FRAME = [0xaf, 0x01, 1, 2, 3];

describe("FLV tags", () => {
  it("tells keyframes, other video frames and audio from codec headers", () => {
    expect(mediaFrameOf(9, Buffer.from(AVC_KEY))).toBe("keyframe");
    expect(mediaFrameOf(9, Buffer.from(AVC_INTER))).toBe("video");
    expect(mediaFrameOf(9, Buffer.from(AVC_CONFIG))).toBeNull();
    expect(mediaFrameOf(8, Buffer.from(AAC_FRAME))).toBe("audio");
    expect(mediaFrameOf(8, Buffer.from(AAC_CONFIG))).toBeNull();
    expect(mediaFrameOf(18, Buffer.from([2, 0, 10]))).toBeNull();
    // Enhanced RTMP: keyframe (1) with packet type CodedFrames (1) vs SequenceStart (0).
    expect(mediaFrameOf(9, Buffer.from([0x91, 0x68, 0x76, 0x63, 0x31]))).toBe("keyframe");
    expect(mediaFrameOf(9, Buffer.from([0x90, 0x68, 0x76, 0x63, 0x31]))).toBeNull();
  });

  it("reads a tag's type and 32-bit timestamp, and skips the file header", () => {
    expect(readTag(FILE_HEADER)).toBeNull();
    const parsed = readTag(tag(9, 0x01_23_45_67, AVC_KEY));
    expect(parsed?.type).toBe(9);
    expect(parsed?.timestampMs).toBe(0x01_23_45_67);
    expect([...parsed!.data]).toEqual(AVC_KEY);
  });
});

describe("flvMediaSpanMs", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function file(content: Buffer): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "onair-flv-"));
    dirs.push(dir);
    const filePath = path.join(dir, "recording.flv");
    await writeFile(filePath, content);
    return filePath;
  }

  it("spans the first to the last media frame plus one video frame, ignoring headers", async () => {
    const tags = [tag(18, 0, [2, 0, 1]), tag(9, 0, AVC_CONFIG), tag(8, 0, AAC_CONFIG)];
    // 3 s of 25 fps video starting at 1000 ms, audio alongside.
    for (let frame = 0; frame < 75; frame++) {
      tags.push(tag(9, 1000 + frame * 40, frame % 25 === 0 ? AVC_KEY : AVC_INTER));
      tags.push(tag(8, 1000 + frame * 40, AAC_FRAME));
    }
    expect(await flvMediaSpanMs(await file(Buffer.concat([FILE_HEADER, ...tags])))).toBe(3000);
  });

  it("is null for a file without media frames", async () => {
    expect(await flvMediaSpanMs(await file(Buffer.concat([FILE_HEADER, tag(9, 0, AVC_CONFIG)])))).toBeNull();
  });
});
