"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { notificationCache } from "./use-notification-feed";

/**
 * Marking read, one or all: the views update at once, then take the server's unread count (the
 * server also tells the user's other tabs and devices). Returns the last failure's sentence.
 */
export function useMarkRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const cache = notificationCache(trpc, queryClient);
  const unreadNow = () => queryClient.getQueryData(trpc.notifications.unreadCount.queryKey())?.unread ?? 0;

  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onMutate: ({ ids }) => {
        setError(null);
        cache.read(ids, Math.max(0, unreadNow() - ids.length));
      },
      onSuccess: ({ unread }, { ids }) => cache.read(ids, unread),
      onError: (caught) => {
        setError(errorMessage(caught));
        cache.undo();
      },
    }),
  );
  const markAllRead = useMutation(
    trpc.notifications.markAllRead.mutationOptions({
      onMutate: () => {
        setError(null);
        cache.read("all", 0);
      },
      onSuccess: ({ unread }) => cache.setUnread(unread),
      onError: (caught) => {
        setError(errorMessage(caught));
        cache.undo();
      },
    }),
  );

  return {
    markRead: (id: string) => markRead.mutate({ ids: [id] }),
    markAllRead: () => markAllRead.mutate(),
    markingAll: markAllRead.isPending,
    error,
  };
}
