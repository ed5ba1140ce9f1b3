"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc";
import { StreamPlayer } from "../player/stream-player";
import { useStreamEvents } from "../stream/stream-events";
import type { StudioStream } from "./types";

/** What the encoder sends, before viewers can see it. */
export function IngestPreview({ stream }: { stream: StudioStream }) {
  const trpc = useTRPC();
  const ingest = useQuery(trpc.studio.ingest.queryOptions({ streamId: stream.id }));
  const live = useStreamEvents();
  if (!ingest.data) return null;
  return (
    <section className="studio-panel studio-preview" aria-labelledby="studio-preview-heading" data-testid="ingest-preview">
      <h2 id="studio-preview-heading">Preview — viewers cannot see this yet</h2>
      <div className="player-frame">
        <StreamPlayer
          mode="preview"
          previewPath={ingest.data.previewPath}
          playback={{ provider: "INGEST", livePath: `/live/${stream.id}.flv`, recordings: [] }}
          status={live.status}
          sourceConnected={live.sourceConnected}
          title={stream.title}
          thumbnailUrl={stream.thumbnailUrl}
          scheduledStartAt={stream.scheduledStartAt}
        />
      </div>
    </section>
  );
}
