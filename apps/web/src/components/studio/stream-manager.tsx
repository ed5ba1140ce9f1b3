"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "~/lib/trpc";
import { LiveAnalyticsPanel } from "../analytics/live-analytics-panel";
import { ChatSettingsPanel } from "../mod/chat-settings-panel";
import { ShopPanel } from "../shop/seller/shop-panel";
import { useStreamEvents } from "../stream/stream-events";
import { AgoraBroadcast } from "./agora-broadcast";
import { IngestPanel } from "./ingest-panel";
import { IngestPreview } from "./ingest-preview";
import { useInBrowser } from "./local-time";
import { StreamActions } from "./stream-actions";
import { StreamDetailsForm } from "./stream-details-form";
import { StreamStatusBadge } from "./stream-status-badge";
import type { StudioCapabilities, StudioStream } from "./types";

interface StreamManagerProps {
  stream: StudioStream;
  capabilities: StudioCapabilities;
  /** The thumbnail of a just-created stream could not be uploaded. */
  thumbnailFailed: boolean;
}

/** /studio/<id>: the stream's state and controls, its video source, its details and its chat settings. */
export function StreamManager(props: StreamManagerProps) {
  const trpc = useTRPC();
  // The page's value, kept current after saves (the form invalidates the studio's queries).
  const stream = useQuery(trpc.studio.stream.queryOptions({ streamId: props.stream.id }, { initialData: props.stream })).data;
  const live = useStreamEvents();
  const inBrowser = useInBrowser();
  const provider = stream.video.provider;

  return (
    <div className="studio studio-manager">
      <p className="studio-back">
        <Link href="/studio">← Studio</Link>
      </p>
      <header className="studio-manager-header">
        <h1>
          <bdi>{live.title}</bdi>
        </h1>
        <div className="studio-manager-meta">
          <StreamStatusBadge status={live.status} />
          <Link href={`/s/${stream.slug}`}>Public page</Link>
          <Link href={`/mod/${stream.slug}`}>Moderator dashboard</Link>
          <Link href={`/studio/${stream.id}/analytics`} data-testid="studio-analytics-link">
            Analytics
          </Link>
        </div>
      </header>

      {live.status === "LIVE" ? (
        <ul className="studio-numbers studio-live-numbers" aria-label="Live numbers" data-testid="studio-live-numbers">
          <li>
            <strong>{live.viewerCount}</strong> watching
          </li>
          <li>
            <strong>{live.likeCount}</strong> {live.likeCount === 1 ? "like" : "likes"}
          </li>
        </ul>
      ) : null}

      <StreamActions streamId={stream.id} provider={provider} />

      {live.status === "LIVE" ? (
        <LiveAnalyticsPanel streamId={stream.id} owner={{ moderatorsAllowed: stream.analyticsModeratorsAllowed }} />
      ) : null}

      {provider === "INGEST" && live.sourceConnected && live.status !== "LIVE" && live.status !== "ENDED" ? (
        <IngestPreview stream={stream} />
      ) : null}
      {provider === "INGEST" && live.status !== "ENDED" ? <IngestPanel streamId={stream.id} /> : null}
      {provider === "AGORA" && live.status !== "ENDED" ? (
        props.capabilities.sources.AGORA.available ? (
          <AgoraBroadcast streamId={stream.id} />
        ) : (
          <p className="form-error">{props.capabilities.sources.AGORA.reason ?? "Agora is not available on this server."}</p>
        )
      ) : null}

      <ShopPanel streamId={stream.id} ended={live.status === "ENDED"} owner={{ moderatorsAllowed: stream.shopModeratorsAllowed }} />

      <section className="studio-panel" aria-labelledby="studio-details-heading">
        <h2 id="studio-details-heading">Details</h2>
        {props.thumbnailFailed ? (
          <p className="form-error" role="alert">
            The stream was created, but its thumbnail could not be uploaded: pick it again below.
          </p>
        ) : null}
        {inBrowser ? (
          <StreamDetailsForm mode="edit" stream={stream} capabilities={props.capabilities} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>

      {live.status === "ENDED" ? null : (
        <ChatSettingsPanel streamId={stream.id} settings={live.chatSettings} onSaved={live.setChatSettings} />
      )}
    </div>
  );
}
