"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPCClient } from "~/lib/trpc";

/** `stream.agoraToken`'s output (issue-10 contract). */
export interface AgoraAudienceToken {
  appId: string;
  channel: string;
  uid: number;
  token: string;
  expiresAt: Date;
}

/**
 * A fresh audience token for a live Agora stream, read through React Query (one request at a time
 * per stream; never reused from the cache, since the SDK asks only when the old one is expiring).
 *
 * INTERIM until [api]'s `stream.agoraToken` lands on this branch: the procedure is reached through
 * this structural view of the client; at merge this becomes
 * `queryClient.fetchQuery({ ...trpc.stream.agoraToken.queryOptions({ streamId }), staleTime: 0 })`.
 */
export function useAgoraAudienceToken(streamId: string): () => Promise<AgoraAudienceToken> {
  const queryClient = useQueryClient();
  const client = useTRPCClient() as unknown as {
    stream: { agoraToken: { query(input: { streamId: string }): Promise<AgoraAudienceToken> } };
  };
  return useCallback(
    () =>
      queryClient.fetchQuery({
        queryKey: [["stream", "agoraToken"], { input: { streamId }, type: "query" }],
        queryFn: () => client.stream.agoraToken.query({ streamId }),
        staleTime: 0,
      }),
    [queryClient, client, streamId],
  );
}
