/**
 * What the studio shows about the encoder's feed (LiveStream.ingestHealth, written by the media server about every 2 s
 * while an encoder publishes; `studio.ingestHealth` reads it).
 */
export interface IngestHealth {
  connected: boolean;
  connectedAt: Date | null;
  /** When media last arrived. */
  lastDataAt: Date | null;
  /** What arrived over the last sample, audio and video together. */
  bitrateKbps: number;
  /** Average time between video keyframes; null until two have arrived. */
  keyframeIntervalSeconds: number | null;
  /** From the encoder's metadata (null when it sent none). */
  width: number | null;
  height: number | null;
  fps: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
}

/** The JSON column's form (dates as ISO strings). */
export type IngestHealthJson = Omit<IngestHealth, "connectedAt" | "lastDataAt"> & { connectedAt: string | null; lastDataAt: string | null };

export function ingestHealthToJson(health: IngestHealth): IngestHealthJson {
  return { ...health, connectedAt: health.connectedAt?.toISOString() ?? null, lastDataAt: health.lastDataAt?.toISOString() ?? null };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function dateOrNull(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Reads the stored column back (null when nothing valid is stored); unknown fields are dropped. */
export function ingestHealthFromJson(value: unknown): IngestHealth | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const json = value as Record<string, unknown>;
  if (typeof json.connected !== "boolean") return null;
  return {
    connected: json.connected,
    connectedAt: dateOrNull(json.connectedAt),
    lastDataAt: dateOrNull(json.lastDataAt),
    bitrateKbps: numberOrNull(json.bitrateKbps) ?? 0,
    keyframeIntervalSeconds: numberOrNull(json.keyframeIntervalSeconds),
    width: numberOrNull(json.width),
    height: numberOrNull(json.height),
    fps: numberOrNull(json.fps),
    videoCodec: stringOrNull(json.videoCodec),
    audioCodec: stringOrNull(json.audioCodec),
  };
}
