"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, useTRPC } from "~/lib/trpc";

interface FollowButtonProps {
  streamId: string;
  ownerName: string;
  onError: (message: string | null) => void;
}

/** Follows the stream's channel (its owner): needed for followers-only chat. */
export function FollowButton({ streamId, ownerName, onError }: FollowButtonProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const followStatus = trpc.stream.followStatus.queryOptions({ streamId });
  const following = useQuery(followStatus).data?.following ?? false;
  const setFollow = useMutation(
    trpc.stream.setFollow.mutationOptions({
      onMutate: () => onError(null),
      onSuccess: (result) => queryClient.setQueryData(followStatus.queryKey, result),
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
