import type { IngestHealth } from "./types";

/** OBS's keyframe interval is 1–2 s when set as advised; past 4 s viewers wait long to start and the recording seeks coarsely. */
const KEYFRAME_WARN_SECONDS = 4;
/** Below this the picture is visibly poor at 720p. */
const LOW_BITRATE_KBPS = 1_000;
/** Above this many viewers' connections cannot keep up (no transcoding: they get what the encoder sends). */
const HIGH_BITRATE_KBPS = 8_000;
/** Health is written every ~2 s while data flows; this long without data means the encoder stalled. */
const STALLED_AFTER_MS = 6_000;

export type IngestConnection = "waiting" | "connected" | "stalled";

export interface IngestHealthView {
  connection: IngestConnection;
  /** "1280×720", or null before the encoder said. */
  resolution: string | null;
  warnings: string[];
}

/** What the studio shows of the encoder's health, and what the streamer should fix. */
export function ingestHealthView(health: IngestHealth | null, now: Date): IngestHealthView {
  if (!health?.connected) return { connection: "waiting", resolution: null, warnings: [] };
  const warnings: string[] = [];
  const stalled = health.lastDataAt !== null && now.getTime() - health.lastDataAt.getTime() > STALLED_AFTER_MS;
  if (stalled) warnings.push("No data from the encoder for a few seconds: check its connection.");
  if (health.keyframeIntervalSeconds !== null && health.keyframeIntervalSeconds > KEYFRAME_WARN_SECONDS) {
    warnings.push(
      `Keyframes arrive every ${formatSeconds(health.keyframeIntervalSeconds)}: set the keyframe interval to 1–2 s (OBS: Output → Keyframe Interval).`,
    );
  }
  if (!stalled && health.bitrateKbps > 0 && health.bitrateKbps < LOW_BITRATE_KBPS) {
    warnings.push(`The bitrate is low (${Math.round(health.bitrateKbps)} kbps): 2500–6000 kbps looks good at 720p–1080p.`);
  }
  if (health.bitrateKbps > HIGH_BITRATE_KBPS) {
    warnings.push(
      `The bitrate is high (${Math.round(health.bitrateKbps)} kbps): viewers on slow connections will buffer; 6000 kbps is plenty.`,
    );
  }
  if (health.videoCodec !== null && !/^(h\.?264|avc)/i.test(health.videoCodec)) {
    warnings.push(`The video codec is ${health.videoCodec}: browsers play H.264 (x264) reliably.`);
  }
  if (health.connectedAt !== null && health.audioCodec === null && now.getTime() - health.connectedAt.getTime() > STALLED_AFTER_MS) {
    warnings.push("No audio track: viewers will hear nothing.");
  }
  const resolution = health.width !== null && health.height !== null ? `${health.width}×${health.height}` : null;
  return { connection: stalled ? "stalled" : "connected", resolution, warnings };
}

function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** A stream key with its secret hidden ("<streamId>?key=" stays readable so the streamer can tell keys apart). */
export function maskStreamKey(streamKey: string): string {
  const at = streamKey.indexOf("key=");
  return at === -1 ? "•".repeat(16) : `${streamKey.slice(0, at + 4)}${"•".repeat(16)}`;
}
