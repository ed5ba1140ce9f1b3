"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../ui/error-line";
import { ingestHealthView } from "./ingest-health";

/** The media server writes health every ~2 s while an encoder publishes. */
const HEALTH_POLL_MS = 2_000;

const CONNECTION_TEXT = {
  waiting: "Waiting for your encoder: start streaming in OBS.",
  connected: "Encoder connected",
  stalled: "Encoder connected, but no data is arriving",
} as const;

/** The encoder's connection and live health numbers, with what to fix. */
export function IngestHealthPanel({ streamId }: { streamId: string }) {
  const trpc = useTRPC();
  const health = useQuery(trpc.studio.ingestHealth.queryOptions({ streamId }, { refetchInterval: HEALTH_POLL_MS }));
  const view = ingestHealthView(health.data ?? null, new Date());
  const data = health.data;
  return (
    <div className="studio-health" data-testid="ingest-health">
      <h3>Connection</h3>
      <p
        className={`studio-connection studio-connection-${view.connection}`}
        data-testid="ingest-connection"
        data-connection={view.connection}
      >
        <span className="studio-connection-dot" aria-hidden="true" /> {CONNECTION_TEXT[view.connection]}
      </p>
      {data?.connected ? (
        <dl className="studio-health-numbers">
          <div>
            <dt>Bitrate</dt>
            <dd>{Math.round(data.bitrateKbps).toLocaleString("en")} kbps</dd>
          </div>
          <div>
            <dt>Keyframe interval</dt>
            <dd>{data.keyframeIntervalSeconds === null ? "—" : `${data.keyframeIntervalSeconds.toFixed(1)} s`}</dd>
          </div>
          <div>
            <dt>Resolution</dt>
            <dd>{view.resolution ?? "—"}</dd>
          </div>
          <div>
            <dt>Frame rate</dt>
            <dd>{data.fps === null ? "—" : `${Math.round(data.fps)} fps`}</dd>
          </div>
          <div>
            <dt>Codecs</dt>
            <dd>{[data.videoCodec, data.audioCodec].filter(Boolean).join(" + ") || "—"}</dd>
          </div>
        </dl>
      ) : null}
      {view.warnings.length > 0 ? (
        <ul className="studio-warnings" aria-label="Encoder warnings">
          {view.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      <ErrorLine error={health.error} />
    </div>
  );
}
