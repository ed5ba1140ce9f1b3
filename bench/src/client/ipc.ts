/** Messages between the harness and its viewer processes (src/client/viewer.ts). */

export type SystemName = "onair" | "raw-ws" | "socketio";

/** Where viewers connect: viewer i uses baseUrls[i % baseUrls.length]. */
export interface ViewerTarget {
  system: SystemName;
  baseUrls: string[];
  /** OnAir stream id, Socket.IO room; unused by raw-ws. */
  streamId: string;
  /** OnAir only: the last chat sequence number the viewers already have. */
  lastEventId: string;
}

export type ViewerCommand =
  | { type: "connect"; target: ViewerTarget; firstIndex: number; count: number; concurrency: number; readyTimeoutMs: number }
  | { type: "start-run"; run: number; messages: number }
  | { type: "collect" }
  | { type: "close-all" };

export type ViewerRequest = ViewerCommand & { requestId: number };

export interface ConnectResult {
  ready: number;
  failed: number;
  errors: string[];
}

export interface RunStats {
  run: number;
  /** First deliveries of expected message numbers (what latency is recorded for). */
  distinct: number;
  duplicated: number;
  /** Message numbers beyond the run's expected count (should stay 0). */
  outOfRange: number;
  /** Payloads of an earlier run that arrived during this one. */
  stale: number;
  malformed: number;
  /** Viewers whose socket closed while they should have been listening. */
  closed: number;
  /** When the last first-delivery arrived (monotonic ms; 0 if none). */
  lastDeliveryMs: number;
  /** Encoded hdr histogram of latencies in microseconds. */
  histogram: string;
  errors: string[];
}

export type ViewerReply =
  | { type: "reply"; requestId: number; ok: true; result: ConnectResult | RunStats | null }
  | { type: "reply"; requestId: number; ok: false; error: string };

export interface ViewerProgress {
  type: "progress";
  run: number;
  distinct: number;
  /** Per instance (index in baseUrls): viewers that have received at least one readiness probe. */
  probed: number[];
  /** Per instance: viewers this process holds. */
  viewers: number[];
  open: number;
}

export type ViewerMessage = ViewerReply | ViewerProgress;
