"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../ui/error-line";
import { ConfirmButton } from "./confirm-button";
import { CopyButton } from "./copy-button";
import { maskStreamKey } from "./ingest-health";
import { IngestHealthPanel } from "./ingest-health-panel";

/** The preview token lasts 10 minutes; a fresh one is read well before that. */
const INGEST_REFRESH_MS = 5 * 60_000;

/** OnAir ingest: where OBS sends the stream, the secret key, the encoder's health. */
export function IngestPanel({ streamId }: { streamId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ingestOptions = trpc.studio.ingest.queryOptions({ streamId }, { refetchInterval: INGEST_REFRESH_MS });
  const ingest = useQuery(ingestOptions);
  const [keyShown, setKeyShown] = useState(false);
  const [rotated, setRotated] = useState(false);
  const rotate = useMutation(
    trpc.studio.rotateIngestKey.mutationOptions({
      onSuccess: (details) => {
        queryClient.setQueryData(ingestOptions.queryKey, details);
        setRotated(true);
      },
    }),
  );

  return (
    <section className="studio-panel" aria-labelledby="studio-ingest-heading" data-testid="ingest-panel">
      <h2 id="studio-ingest-heading">Encoder (OBS, ffmpeg)</h2>
      <ErrorLine error={ingest.error} />
      {ingest.data ? (
        <dl className="studio-ingest">
          <div className="studio-ingest-row">
            <dt>Server</dt>
            <dd>
              <code data-testid="ingest-server">{ingest.data.serverUrl}</code>
              <CopyButton text={ingest.data.serverUrl} label="Copy server URL" />
            </dd>
          </div>
          <div className="studio-ingest-row">
            <dt>Stream key</dt>
            <dd>
              <code data-testid="ingest-key">{keyShown ? ingest.data.streamKey : maskStreamKey(ingest.data.streamKey)}</code>
              <button
                type="button"
                className="button button-small button-secondary"
                aria-pressed={keyShown}
                onClick={() => setKeyShown(!keyShown)}
              >
                {keyShown ? "Hide" : "Show"}
              </button>
              <CopyButton text={ingest.data.streamKey} label="Copy stream key" testId="ingest-copy-key" />
            </dd>
          </div>
        </dl>
      ) : ingest.isPending ? (
        <p className="muted">Loading…</p>
      ) : null}
      <p className="muted studio-hint">Anyone with the key can stream as you. Never show it on stream; if it leaks, rotate it.</p>
      <div className="studio-actions">
        <ConfirmButton
          label="Rotate key"
          question="Make a new stream key? The old key stops working at once: an encoder streaming with it is cut off now, and you paste the new key into OBS."
          confirmLabel="Rotate the key"
          danger
          pending={rotate.isPending}
          onConfirm={() => {
            setRotated(false);
            rotate.mutate({ streamId });
          }}
          testId="ingest-rotate"
        />
        {rotated ? (
          <span className="mod-outcome" role="status">
            New key made: paste it into your encoder.
          </span>
        ) : null}
      </div>
      <ErrorLine error={rotate.error} />

      <details className="studio-obs">
        <summary>OBS settings</summary>
        <ol>
          <li>
            Settings → Stream: Service <strong>Custom…</strong>, Server and Stream Key from above.
          </li>
          <li>
            Settings → Output (Advanced): encoder <strong>x264</strong> (or your GPU&apos;s H.264), rate control <strong>CBR</strong>,{" "}
            <strong>2500–6000 kbps</strong>, keyframe interval <strong>1–2 s</strong>. B-frames are fine.
          </li>
          <li>Audio: AAC, 128–160 kbps. Video: 1280×720 or 1920×1080 at 30 fps.</li>
          <li>Start Streaming: the preview appears here in a few seconds; viewers see nothing until you go live.</li>
        </ol>
      </details>

      <IngestHealthPanel streamId={streamId} />
    </section>
  );
}
