"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC, useTRPCClient } from "~/lib/trpc";
import { joinReplayPages, replayAnchor, replayedMessages, replaySyncAction } from "./replay-sync";

const PAGE_SIZE = 200;

/**
 * The chat as it was at the replay's moment: loaded a window before it and a page at a time
 * ahead of it; a seek out of what is loaded starts again from the new moment.
 */
export function useReplayChat(streamId: string, wallClock: Date | null) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [anchor, setAnchor] = useState<Date | null>(null);

  // chat.replay pages by `after` (not tRPC's `cursor`), so the pages are fetched with the plain client.
  const query = useInfiniteQuery({
    queryKey: [...trpc.chat.replay.pathKey(), { streamId, anchor: anchor?.getTime() ?? null }],
    queryFn: ({ pageParam }) => client.chat.replay.query({ streamId, after: pageParam!, limit: PAGE_SIZE }),
    initialPageParam: anchor,
    getNextPageParam: (last) => last.nextAfter,
    enabled: anchor !== null,
    // An ended stream's chat does not change while it is replayed.
    staleTime: Infinity,
  });

  const messages = useMemo(() => joinReplayPages(query.data?.pages ?? []), [query.data]);
  const lastPage = query.data?.pages.at(-1);
  const { hasNextPage, isFetching, fetchNextPage } = query;

  useEffect(() => {
    if (!wallClock) return;
    if (!anchor) {
      setAnchor(replayAnchor(wallClock));
      return;
    }
    if (!lastPage || isFetching) return;
    const action = replaySyncAction({ anchor, messages, loadedUntil: lastPage.nextAfter }, wallClock);
    if (action === "reanchor") setAnchor(replayAnchor(wallClock));
    else if (action === "fetchMore" && hasNextPage) void fetchNextPage();
  }, [wallClock, anchor, messages, lastPage, isFetching, hasNextPage, fetchNextPage]);

  const shown = useMemo(() => (wallClock ? replayedMessages(messages, wallClock) : []), [messages, wallClock]);
  return { messages: shown, loading: query.isPending && anchor !== null, error: query.error };
}
