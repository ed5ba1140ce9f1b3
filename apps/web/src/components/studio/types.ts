import type { ChatSettings } from "@onair/api/events";
import type { StreamStatus, VideoProvider } from "@onair/db";

/*
 * The studio's shapes, written from the issue-10 contract until the studio.* procedures are on main;
 * each is then replaced by its `RouterOutputs[...]` / `RouterInputs[...]` twin.
 */

export type { StreamStatus, VideoProvider };

/** The chat settings a stream starts with (everything but shield mode). */
export type InitialChatSettings = Omit<ChatSettings, "shieldMode">;

/** Where a stream's video comes from, as stream.create and stream.update take it. */
export type VideoInput =
  | { provider: "YOUTUBE"; source: string }
  | { provider: "HLS"; url: string; replayUrl?: string | null }
  | { provider: "AGORA" }
  | { provider: "INGEST"; autoGoLive?: boolean };

export interface CreateStreamInput {
  title: string;
  description?: string;
  scheduledStartAt?: Date | null;
  video: VideoInput;
  chat?: Partial<InitialChatSettings>;
  requestId?: string;
}

export interface UpdateStreamInput {
  streamId: string;
  title?: string;
  description?: string;
  scheduledStartAt?: Date | null;
  video?: VideoInput;
  autoGoLive?: boolean;
  replayUrl?: string | null;
}

export interface SourceAvailability {
  available: boolean;
  reason: string | null;
}

/** studio.capabilities */
export interface StudioCapabilities {
  canCreate: boolean;
  reason: string | null;
  sources: Record<VideoProvider, SourceAvailability>;
  rtmpUrl: string;
}

/** One row of studio.myStreams. */
export interface StudioStreamSummary {
  id: string;
  slug: string;
  title: string;
  status: StreamStatus;
  videoProvider: VideoProvider;
  thumbnailUrl: string | null;
  scheduledStartAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  viewerCount: number;
  peakViewers: number;
  likeCount: number;
  messageCount: number;
  sourceConnected: boolean | null;
}

/** studio.stream: what the edit form and the manager need. */
export interface StudioStream {
  id: string;
  slug: string;
  title: string;
  description: string;
  status: StreamStatus;
  scheduledStartAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  video: VideoInput;
  autoGoLive: boolean;
  replayUrl: string | null;
  chat: ChatSettings;
  thumbnailUrl: string | null;
}

/** studio.ingest / studio.rotateIngestKey: the only output that carries the stream key. */
export interface IngestDetails {
  serverUrl: string;
  streamKey: string;
  connected: boolean;
  previewPath: string;
}

/** studio.ingestHealth (null until an encoder has connected once). */
export interface IngestHealth {
  connected: boolean;
  connectedAt: Date | null;
  lastDataAt: Date | null;
  bitrateKbps: number;
  keyframeIntervalSeconds: number | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
}

/** studio.agoraPublisherToken */
export interface AgoraToken {
  appId: string;
  channel: string;
  uid: number;
  token: string;
  expiresAt: Date;
}
