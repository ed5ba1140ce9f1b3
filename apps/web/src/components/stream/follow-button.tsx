"use client";

import { useState } from "react";
import { useTRPCClient, errorMessage } from "~/lib/trpc";

interface FollowButtonProps {
  streamId: string;
  ownerName: string;
  following: boolean;
  onError: (message: string | null) => void;
}

/** Follows the stream's channel (its owner): needed for followers-only chat. */
export function FollowButton({ streamId, ownerName, onError, ...props }: FollowButtonProps) {
  const api = useTRPCClient();
  const [following, setFollowing] = useState(props.following);
  const [busy, setBusy] = useState(false);

  async function toggle() {
    const next = !following;
    setBusy(true);
    onError(null);
    try {
      const result = await api.stream.setFollow.mutate({ streamId, following: next });
      setFollowing(result.following);
    } catch (error) {
      onError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <button
      type="button"
      className={`follow-button${following ? " follow-button-on" : ""}`}
      aria-pressed={following}
      title={following ? `Unfollow ${ownerName}` : `Follow ${ownerName}`}
      disabled={busy}
      onClick={() => void toggle()}
      data-testid="follow-button"
    >
      {following ? "Following" : "Follow"}
    </button>
  );
}
