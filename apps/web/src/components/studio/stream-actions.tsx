"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "~/lib/trpc";
import { useStreamEvents } from "../stream/stream-events";
import { ErrorLine } from "../ui/error-line";
import { ConfirmButton } from "./confirm-button";
import type { VideoProvider } from "./types";

/** Go live, end, delete: what the stream's state allows, each confirmed where it cannot be undone. */
export function StreamActions({ streamId, provider }: { streamId: string; provider: VideoProvider }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { status, sourceConnected } = useStreamEvents();

  async function refresh() {
    await queryClient.invalidateQueries(trpc.studio.pathFilter());
    router.refresh();
  }
  const start = useMutation(trpc.stream.start.mutationOptions({ onSuccess: refresh }));
  const end = useMutation(trpc.stream.end.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.stream.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.studio.myStreams.pathFilter());
        router.push("/studio");
      },
    }),
  );

  const beforeLive = status === "SCHEDULED" || status === "MISSED";
  const waitingForEncoder = provider === "INGEST" && sourceConnected !== true;
  return (
    <div className="studio-stream-actions">
      <div className="studio-actions">
        {beforeLive ? (
          <button
            type="button"
            className="button button-live"
            disabled={start.isPending || waitingForEncoder}
            aria-describedby={waitingForEncoder ? "studio-go-live-hint" : undefined}
            onClick={() => start.mutate({ streamId })}
            data-testid="studio-go-live"
          >
            {start.isPending ? "Going live…" : "Go live"}
          </button>
        ) : null}
        {status === "LIVE" ? (
          <ConfirmButton
            label="End stream"
            question="End the stream for everyone? Viewers see that it has ended, and it cannot go live again."
            confirmLabel="End the stream"
            danger
            pending={end.isPending}
            onConfirm={() => end.mutate({ streamId })}
            testId="studio-end"
          />
        ) : null}
        {beforeLive ? (
          <ConfirmButton
            label="Delete"
            question="Delete this stream? It has never been live, so nothing else is lost: its title, settings and thumbnail go."
            confirmLabel="Delete the stream"
            danger
            pending={remove.isPending}
            onConfirm={() => remove.mutate({ streamId })}
            testId="studio-delete"
          />
        ) : null}
      </div>
      {beforeLive && waitingForEncoder ? (
        <p id="studio-go-live-hint" className="muted studio-hint">
          Go live unlocks when your encoder connects: start streaming in OBS with the key below.
        </p>
      ) : null}
      <ErrorLine error={start.error ?? end.error ?? remove.error} />
    </div>
  );
}
