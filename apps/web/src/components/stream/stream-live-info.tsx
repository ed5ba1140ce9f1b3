"use client";

import type { StreamStatus } from "@onair/db";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { FollowButton } from "./follow-button";
import { useStreamEvents } from "./stream-events";
import { ErrorLine } from "../ui/error-line";

interface StreamLiveInfoProps {
  streamId: string;
  status: StreamStatus;
  signedIn: boolean;
  /** False when there is nothing to follow (signed out, or the viewer's own channel). */
  canFollow: boolean;
  ownerName: string;
  canManage: boolean;
}

/** Live viewer count, likes, follow and (for the owner) go-live / end controls. */
export function StreamLiveInfo(props: StreamLiveInfoProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { streamId } = props;
  const router = useRouter();
  const { viewerCount, likeCount, setLikeCount } = useStreamEvents();
  const [error, setError] = useState<string | null>(null);

  const likeStatusKey = trpc.stream.likeStatus.queryKey({ streamId });
  const liked = useQuery(trpc.stream.likeStatus.queryOptions({ streamId }, { enabled: props.signedIn })).data?.liked ?? false;
  const setLike = useMutation(
    trpc.stream.setLike.mutationOptions({
      // Shown at once; put back if the server refuses.
      onMutate: ({ liked: next }) => queryClient.setQueryData(likeStatusKey, { liked: next }),
      onSuccess: (result) => setLikeCount(result.likeCount),
      onError: (caught, { liked: next }) => {
        queryClient.setQueryData(likeStatusKey, { liked: !next });
        setError(errorMessage(caught));
      },
    }),
  );
  const statusOptions = {
    onMutate: () => setError(null),
    onSuccess: () => router.refresh(),
    onError: (caught: unknown) => setError(errorMessage(caught)),
  };
  const start = useMutation(trpc.stream.start.mutationOptions(statusOptions));
  const end = useMutation(trpc.stream.end.mutationOptions(statusOptions));
  const changingStatus = start.isPending || end.isPending;

  return (
    <div className="live-info">
      {props.status === "LIVE" ? (
        <span className="viewer-count" data-testid="viewer-count">
          {viewerCount} watching
        </span>
      ) : null}
      {props.signedIn ? (
        <button
          type="button"
          className={`like-button${liked ? " like-button-on" : ""}`}
          aria-pressed={liked}
          aria-label={`Like, ${likeCount} ${likeCount === 1 ? "like" : "likes"}`}
          onClick={() => setLike.mutate({ streamId, liked: !liked })}
          data-testid="like-button"
        >
          ♥ <span data-testid="like-count">{likeCount}</span>
        </button>
      ) : (
        <span className="like-total">
          <span className="visually-hidden">Likes: </span>
          <span data-testid="like-count">♥ {likeCount}</span>
        </span>
      )}
      {props.canFollow ? <FollowButton streamId={streamId} ownerName={props.ownerName} onError={setError} /> : null}
      {props.canManage && props.status === "SCHEDULED" ? (
        <button type="button" className="button button-small" disabled={changingStatus} onClick={() => start.mutate({ streamId })}>
          Go live
        </button>
      ) : null}
      {props.canManage && props.status === "LIVE" ? (
        <button
          type="button"
          className="button button-small button-danger"
          disabled={changingStatus}
          onClick={() => end.mutate({ streamId })}
        >
          End stream
        </button>
      ) : null}
      <ErrorLine error={error} />
    </div>
  );
}
