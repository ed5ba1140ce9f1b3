"use client";

import type { StreamStatus } from "@onair/db";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { browserApi, errorMessage } from "~/lib/trpc";

interface StreamLiveInfoProps {
  streamId: string;
  status: StreamStatus;
  viewerCount: number;
  likeCount: number;
  liked: boolean;
  signedIn: boolean;
  canManage: boolean;
  wsUrl: string | null;
}

/** Live viewer count, likes and (for the owner) go-live / end controls; reloads the page when the stream starts or ends. */
export function StreamLiveInfo(props: StreamLiveInfoProps) {
  const { streamId, wsUrl } = props;
  const router = useRouter();
  const [viewerCount, setViewerCount] = useState(props.viewerCount);
  const [likeCount, setLikeCount] = useState(props.likeCount);
  const [liked, setLiked] = useState(props.liked);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const subscription = browserApi(wsUrl).stream.onEvents.subscribe(
      { streamId },
      {
        onData: (event) => {
          switch (event.type) {
            case "stream.snapshot":
              setViewerCount(event.state.viewerCount);
              setLikeCount(event.state.likeCount);
              if (event.state.status !== props.status) router.refresh();
              break;
            case "stream.stats":
              setViewerCount(event.stats.viewerCount);
              setLikeCount(event.stats.likeCount);
              break;
            case "likes.updated":
              setLikeCount(event.likeCount);
              break;
            case "stream.started":
            case "stream.ended":
            case "stream.updated":
              router.refresh();
              break;
          }
        },
        onError: (e) => console.error("[stream] event subscription failed:", e),
      },
    );
    return () => subscription.unsubscribe();
  }, [streamId, wsUrl, props.status, router]);

  async function toggleLike() {
    const next = !liked;
    setLiked(next);
    try {
      const result = await browserApi(wsUrl).stream.setLike.mutate({ streamId, liked: next });
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
      await browserApi(wsUrl).stream[action].mutate({ streamId });
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
          onClick={() => void toggleLike()}
          data-testid="like-button"
        >
          ♥ <span data-testid="like-count">{likeCount}</span>
        </button>
      ) : (
        <span className="like-total" data-testid="like-count">
          ♥ {likeCount}
        </span>
      )}
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
