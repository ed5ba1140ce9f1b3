import { createReadStream } from "node:fs";

/**
 * Just enough of FLV (Adobe's "Video File Format Specification" v10, with Enhanced RTMP's extended headers) to
 * tell media frames from codec headers, find video keyframes and read timestamps.
 */

const AUDIO = 8;
const VIDEO = 9;
const AAC = 10;
const AVC = 7;
const HEVC = 12;
const EX_AUDIO = 9;

export type MediaFrame = "keyframe" | "video" | "audio";

/** What a tag carries, from its type and its first two data bytes; null for codec headers, metadata and commands. */
export function mediaFrameOf(tagType: number, data: Uint8Array): MediaFrame | null {
  const first = data[0];
  if (first === undefined) return null;
  if (tagType === VIDEO) {
    const enhanced = (first & 0x80) !== 0;
    const frameType = (first >> 4) & (enhanced ? 0x07 : 0x0f);
    if (frameType !== 1 && frameType !== 2 && frameType !== 3) return null;
    if (enhanced) {
      // Enhanced RTMP packet types: 1 coded frames, 3 coded frames without composition time; others are headers.
      const packetType = first & 0x0f;
      if (packetType !== 1 && packetType !== 3) return null;
    } else {
      const codecId = first & 0x0f;
      // AVC/HEVC packet type 0 is the decoder configuration, 2 the end of sequence.
      if ((codecId === AVC || codecId === HEVC) && data[1] !== 1) return null;
    }
    return frameType === 1 ? "keyframe" : "video";
  }
  if (tagType === AUDIO) {
    const soundFormat = first >> 4;
    if (soundFormat === AAC && data[1] !== 1) return null;
    if (soundFormat === EX_AUDIO && (first & 0x0f) !== 1) return null;
    return "audio";
  }
  return null;
}

/** One FLV tag as node-media-server hands it to a subscriber (11-byte header, data, 4-byte size); null for the file header. */
export function readTag(buffer: Buffer): { type: number; timestampMs: number; data: Buffer } | null {
  if (buffer.length < 15 || buffer.subarray(0, 3).toString("latin1") === "FLV") return null;
  const type = buffer[0]! & 0x1f;
  const size = buffer.readUIntBE(1, 3);
  if (buffer.length < 11 + size) return null;
  return { type, timestampMs: timestampOf(buffer, 0), data: buffer.subarray(11, 11 + size) };
}

function timestampOf(buffer: Buffer, offset: number): number {
  return (buffer.readUIntBE(offset + 4, 3) | (buffer[offset + 7]! << 24)) >>> 0;
}

/**
 * The media timespan of an FLV file (first to last audio/video frame, plus one frame), read tag header by tag
 * header without loading the file; null when it holds no media frame.
 */
export async function flvMediaSpanMs(filePath: string): Promise<number | null> {
  let first: number | null = null;
  let last = 0;
  let lastVideoStep = 0;
  let lastVideo: number | null = null;
  let skip = 0;
  let headerRead = false;
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const buffer: Buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let position = 0;
    for (;;) {
      if (skip > 0) {
        const skipped = Math.min(skip, buffer.length - position);
        position += skipped;
        skip -= skipped;
        if (skip > 0) break;
      }
      if (!headerRead) {
        if (buffer.length - position < 9) break;
        if (buffer.subarray(position, position + 3).toString("latin1") !== "FLV") return null;
        // The header's own length, then PreviousTagSize0.
        skip = buffer.readUInt32BE(position + 5) + 4;
        headerRead = true;
        continue;
      }
      if (buffer.length - position < 11) break;
      const size = buffer.readUIntBE(position + 1, 3);
      if (buffer.length - position < 11 + Math.min(size, 2)) break;
      const type = buffer[position]! & 0x1f;
      const frame = mediaFrameOf(type, buffer.subarray(position + 11, position + 11 + Math.min(size, 2)));
      if (frame) {
        const timestamp = timestampOf(buffer, position);
        first ??= timestamp;
        last = Math.max(last, timestamp);
        if (frame !== "audio") {
          if (lastVideo !== null && timestamp > lastVideo) lastVideoStep = timestamp - lastVideo;
          lastVideo = timestamp;
        }
      }
      skip = 11 + size + 4;
    }
    pending = buffer.subarray(position);
  }
  return first === null ? null : last - first + lastVideoStep;
}
