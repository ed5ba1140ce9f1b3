"use client";

import type { StreamStatus } from "@onair/db";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useStreamEvents } from "~/components/stream/stream-events";
import { FollowButton } from "~/components/stream/follow-button";
import { useTRPCClient, errorMessage } from "~/lib/trpc";

interface StreamLiveInfoProps {
  streamId: string;
  status: StreamStatus;
  liked: boolean;
  signedIn: boolean;
  /** Null when there is nothing to follow (signed out, or the viewer's own channel). */
  following: boolean | null;
  ownerName: string;
  canManage: boolean;
}

/** Live viewer count, likes, follow and (for the owner) go-live / end controls. */
export function StreamLiveInfo(props: StreamLiveInfoProps) {
  const api = useTRPCClient();
  const { streamId } = props;
  const router = useRouter();
  const { viewerCount, likeCount, setLikeCount } = useStreamEvents();
  const [liked, setLiked] = useState(props.liked);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggleLike() {
    const next = !liked;
    setLiked(next);
    try {
      const result = await api.stream.setLike.mutate({ streamId, liked: next });
      setLikeCount(result.likeCount);
    } catch (e) {
      setLiked(!next);
      setError(errorMessage(e));
    }
  }

  async function changeStatus(action: "start" | "end") {
    setBusy(true);
    setError(null);
    try {
      await api.stream[action].mutate({ streamId });
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

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
          onClick={() => void toggleLike()}
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
      {props.following !== null ? (
        <FollowButton streamId={streamId} ownerName={props.ownerName} following={props.following} onError={setError} />
      ) : null}
      {props.canManage && props.status === "SCHEDULED" ? (
        <button type="button" className="button button-small" disabled={busy} onClick={() => void changeStatus("start")}>
          Go live
        </button>
      ) : null}
      {props.canManage && props.status === "LIVE" ? (
        <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => void changeStatus("end")}>
          End stream
        </button>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
