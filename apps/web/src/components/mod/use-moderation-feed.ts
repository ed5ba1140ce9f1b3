"use client";

import type { HeldMessageView, ModerationEvent } from "@onair/api/events";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage, useTRPC, useTRPCClient } from "~/lib/trpc";

function addHeld(queue: HeldMessageView[], message: HeldMessageView): HeldMessageView[] {
  if (queue.some((held) => held.id === message.id)) return queue;
  return [...queue, message].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * The stream's `moderation.onEvents` feed, written into the cached queries the dashboard's panels
 * read: the held queue is updated in place; the terms, the moderators and the audit log are read
 * again when an audit entry says they changed, and after a reconnect (entries logged while the
 * feed was down never arrive live). Returns why the feed stopped, if it did.
 */
export function useModerationFeed(streamId: string): { feedError: string | null } {
  const api = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A live feed that ended with an error (e.g. FORBIDDEN once the user is no longer a moderator here).
  const [feedError, setFeedError] = useState<string | null>(null);

  useEffect(() => {
    const queueKey = trpc.moderation.queue.queryKey({ streamId });
    const updateQueue = (update: (queue: HeldMessageView[]) => HeldMessageView[]) =>
      queryClient.setQueryData(queueKey, (queue) => update(queue ?? []));
    const reload = {
      // A read already under way (the panel's own mutation invalidated it) is reused, not cancelled and sent again.
      terms: () => void queryClient.invalidateQueries({ queryKey: trpc.moderation.terms.queryKey({ streamId }) }, { cancelRefetch: false }),
      moderators: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.moderation.moderators.queryKey({ streamId }) }, { cancelRefetch: false }),
      log: () => void queryClient.invalidateQueries(trpc.moderation.log.pathFilter(), { cancelRefetch: false }),
    };
    let started = false;

    const onEvent = (event: ModerationEvent) => {
      switch (event.type) {
        case "moderation.queue":
          // The first event of every (re)connection: the whole queue as it is now.
          queryClient.setQueryData(queueKey, event.messages);
          if (started) {
            reload.terms();
            reload.moderators();
            reload.log();
          }
          started = true;
          break;
        case "moderation.held":
          updateQueue((queue) => addHeld(queue, event.message));
          break;
        case "moderation.reviewed":
          updateQueue((queue) => queue.filter((message) => message.id !== event.messageId));
          break;
        case "moderation.logged": {
          const { action } = event.entry;
          reload.log();
          if (action === "TERM_ADD" || action === "TERM_REMOVE") reload.terms();
          if (action === "MODERATOR_ADD" || action === "MODERATOR_REMOVE") reload.moderators();
          break;
        }
      }
    };

    const subscription = api.moderation.onEvents.subscribe(
      { streamId },
      {
        onData: onEvent,
        onError: (error) => {
          console.error("[mod] moderation subscription failed:", error);
          setFeedError(`The live queue and log stopped: ${errorMessage(error)} Reload the page to try again.`);
        },
      },
    );
    return () => subscription.unsubscribe();
  }, [api, trpc, queryClient, streamId]);

  return { feedError };
}
