"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { RouterOutputs } from "@onair/api";
import { useTRPC } from "~/lib/trpc";

/** A fresh audience token for a live Agora stream (never reused from the cache: the SDK asks only when the old one is expiring). */
export function useAgoraAudienceToken(streamId: string): () => Promise<AgoraAudienceToken> {
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  return useCallback(
    () => queryClient.fetchQuery({ ...trpc.stream.agoraToken.queryOptions({ streamId }), staleTime: 0 }),
    [queryClient, trpc, streamId],
  );
}

export type AgoraAudienceToken = RouterOutputs["stream"]["agoraToken"];
