import type { IngestHealth } from "@onair/api/ingest";
import { mediaFrameOf, readTag } from "./flv";

/** FLV codec ids in the encoder's metadata (videocodecid / audiocodecid); Enhanced RTMP encoders send FourCC numbers or strings. */
const VIDEO_CODECS: Record<number, string> = { 2: "H.263", 4: "VP6", 7: "H.264", 12: "H.265" };
const AUDIO_CODECS: Record<number, string> = { 2: "MP3", 10: "AAC", 11: "Speex", 13: "Opus" };

function fourCc(value: number): string | null {
  const text = Buffer.from([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]).toString("latin1");
  return /^[a-zA-Z0-9 .]{4}$/.test(text) ? text.trim() : null;
}

export function codecName(value: unknown, names: Record<number, string>): string | null {
  if (typeof value === "string") return value.slice(0, 32) || null;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return null;
  return names[value] ?? fourCc(value) ?? String(value);
}

function positiveOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : null;
}

/** What the encoder's metadata says (node-media-server copies onMetaData onto the publisher session). */
export interface EncoderMetadata {
  videoWidth: unknown;
  videoHeight: unknown;
  videoFramerate: unknown;
  videoCodec: unknown;
  audioCodec: unknown;
}

const KEYFRAMES_KEPT = 6;

/**
 * Measures one publish session's feed from the FLV tags it carries: when media last arrived, when the first did,
 * and the spacing of video keyframes. Bitrate comes from the bytes the connection received between samples.
 */
export class HealthMeter {
  private keyframes: number[] = [];
  firstMediaAt: Date | null = null;
  lastMediaAt: Date | null = null;
  private lastSample: { at: number; bytes: number } | null = null;

  constructor(private readonly connectedAt: Date) {}

  /** One FLV tag (or the FLV header, which is ignored); returns true for the session's first media frame. */
  onTag(buffer: Buffer, now: Date = new Date()): boolean {
    const tag = readTag(buffer);
    const frame = tag && mediaFrameOf(tag.type, tag.data);
    if (!tag || !frame) return false;
    this.lastMediaAt = now;
    if (frame === "keyframe") {
      // The encoder's own clock: arrival times would measure the network's jitter.
      if (this.keyframes.at(-1) !== tag.timestampMs) this.keyframes.push(tag.timestampMs);
      if (this.keyframes.length > KEYFRAMES_KEPT) this.keyframes.shift();
    }
    if (this.firstMediaAt) return false;
    this.firstMediaAt = now;
    return true;
  }

  keyframeIntervalSeconds(): number | null {
    const [first] = this.keyframes;
    const last = this.keyframes.at(-1);
    if (first === undefined || last === undefined || this.keyframes.length < 2 || last <= first) return null;
    return Math.round((last - first) / (this.keyframes.length - 1)) / 1000;
  }

  /** A sample; `receivedBytes` is the connection's total so far. */
  sample(receivedBytes: number, metadata: EncoderMetadata, now: number = Date.now()): IngestHealth {
    const previous = this.lastSample;
    this.lastSample = { at: now, bytes: receivedBytes };
    const seconds = previous ? (now - previous.at) / 1000 : 0;
    const bitrateKbps = previous && seconds > 0 ? Math.round(((receivedBytes - previous.bytes) * 8) / 1000 / seconds) : 0;
    return {
      connected: true,
      connectedAt: this.connectedAt,
      lastDataAt: this.lastMediaAt,
      bitrateKbps: Math.max(0, bitrateKbps),
      keyframeIntervalSeconds: this.keyframeIntervalSeconds(),
      width: positiveOrNull(metadata.videoWidth),
      height: positiveOrNull(metadata.videoHeight),
      fps: positiveOrNull(metadata.videoFramerate),
      videoCodec: codecName(metadata.videoCodec, VIDEO_CODECS),
      audioCodec: codecName(metadata.audioCodec, AUDIO_CODECS),
    };
  }
}
