"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { FollowButton } from "../stream/follow-button";
import { ErrorLine } from "../ui/error-line";

interface ChannelHeaderProps {
  username: string;
  /** The signed-in viewer's id; null for an anonymous one. */
  viewerId: string | null;
}

/** A channel's avatar, names, follower count and Follow button (anonymous viewers get a sign-in link). */
export function ChannelHeader({ username, viewerId }: ChannelHeaderProps) {
  const trpc = useTRPC();
  const [followError, setFollowError] = useState<string | null>(null);
  // The page prefetched it (and 404s for an unknown channel), so data is there on the first render.
  const channel = useQuery(trpc.stream.channel.queryOptions({ username })).data;
  if (!channel) return null;
  const displayName = channel.name ?? channel.username;
  const followers = `${channel.followerCount} ${channel.followerCount === 1 ? "follower" : "followers"}`;

  return (
    <header className="channel-header">
      {channel.image ? (
        // eslint-disable-next-line @next/next/no-img-element -- avatars come from any OAuth provider's host
        <img className="channel-avatar" src={channel.image} alt="" width={72} height={72} />
      ) : (
        <span className="channel-avatar channel-avatar-initial" aria-hidden>
          {displayName.charAt(0).toUpperCase()}
        </span>
      )}
      <div className="channel-who">
        <h1>
          <bdi>{displayName}</bdi>
          {channel.live ? <span className="badge badge-live">LIVE</span> : null}
        </h1>
        <p className="muted">
          @{channel.username} · <span data-testid="channel-followers">{followers}</span>
        </p>
      </div>
      <div className="channel-actions">
        {viewerId === null ? (
          <Link href={`/signin?callbackUrl=${encodeURIComponent(`/c/${channel.username}`)}`} className="button button-small">
            Sign in to follow
          </Link>
        ) : viewerId === channel.id ? null : (
          <FollowButton channelId={channel.id} ownerName={displayName} onError={setFollowError} />
        )}
        <ErrorLine error={followError} />
      </div>
    </header>
  );
}
