"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "~/lib/trpc";

interface FollowButtonProps {
  streamId: string;
  ownerName: string;
  following: boolean;
  onError: (message: string | null) => void;
}

/** Follows the stream's channel (its owner): needed for followers-only chat. */
export function FollowButton({ streamId, ownerName, onError, ...props }: FollowButtonProps) {
  const trpc = useTRPC();
  const [following, setFollowing] = useState(props.following);
  const setFollow = useMutation(
    trpc.stream.setFollow.mutationOptions({
      onMutate: () => onError(null),
      onSuccess: (result) => setFollowing(result.following),
      onError: (error) => onError(errorMessage(error)),
    }),
  );

  return (
    <button
      type="button"
      className={`follow-button${following ? " follow-button-on" : ""}`}
      aria-pressed={following}
      title={following ? `Unfollow ${ownerName}` : `Follow ${ownerName}`}
      disabled={setFollow.isPending}
      onClick={() => setFollow.mutate({ streamId, following: !following })}
      data-testid="follow-button"
    >
      {following ? "Following" : "Follow"}
    </button>
  );
}
