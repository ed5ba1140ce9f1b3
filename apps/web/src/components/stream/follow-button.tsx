"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** The channel to follow: by its owner's id (channel page) or by one of its streams (stream page). */
type FollowTarget = { streamId: string } | { channelId: string };

type FollowButtonProps = FollowTarget & {
  ownerName: string;
  onError: (message: string | null) => void;
};

/** Follows a channel (a stream's owner): needed for followers-only chat. */
export function FollowButton({ ownerName, onError, ...props }: FollowButtonProps) {
  const target: FollowTarget = "channelId" in props ? { channelId: props.channelId } : { streamId: props.streamId };
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const followStatus = trpc.stream.followStatus.queryOptions(target);
  const following = useQuery(followStatus).data?.following ?? false;
  const setFollow = useMutation(
    trpc.stream.setFollow.mutationOptions({
      onMutate: () => onError(null),
      onSuccess: async (result) => {
        queryClient.setQueryData(followStatus.queryKey, result);
        // The channel's follower count changed.
        await queryClient.invalidateQueries(trpc.stream.channel.pathFilter());
      },
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
      onClick={() => setFollow.mutate({ ...target, following: !following })}
      data-testid="follow-button"
    >
      {following ? "Following" : "Follow"}
    </button>
  );
}
