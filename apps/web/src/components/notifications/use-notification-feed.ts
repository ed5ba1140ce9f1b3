"use client";

import type { NotificationEvent, NotificationView } from "@onair/api/events";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC, useTRPCClient } from "~/lib/trpc";
import { ALL_NOTIFICATIONS, UNREAD_NOTIFICATIONS, withNew, withRead } from "./notification-list";

type Trpc = ReturnType<typeof useTRPC>;

/** Writes a change of the unread count and of the loaded lists into the cache every notification view reads. */
export function notificationCache(trpc: Trpc, queryClient: QueryClient) {
  const unreadKey = trpc.notifications.unreadCount.queryKey();
  const allKey = trpc.notifications.list.infiniteQueryKey(ALL_NOTIFICATIONS);
  const unreadOnlyKey = trpc.notifications.list.infiniteQueryKey(UNREAD_NOTIFICATIONS);
  const setUnread = (unread: number) => queryClient.setQueryData(unreadKey, { unread });
  const reload = () => void queryClient.invalidateQueries(trpc.notifications.list.pathFilter(), { cancelRefetch: false });
  return {
    setUnread,
    added(notification: NotificationView, unread: number) {
      setUnread(unread);
      queryClient.setQueryData(allKey, (pages) => withNew(pages, notification, unread));
      queryClient.setQueryData(unreadOnlyKey, (pages) => withNew(pages, notification, unread));
    },
    read(ids: readonly string[] | "all", unread: number, readAt = new Date()) {
      setUnread(unread);
      queryClient.setQueryData(allKey, (pages) => withRead(pages, ids, unread, readAt, false));
      queryClient.setQueryData(unreadOnlyKey, (pages) => withRead(pages, ids, unread, readAt, true));
    },
    /** Events missed while the connection was down never arrive: read the lists again. */
    reload,
    /** A change the server refused was shown already: read the count and the lists again. */
    undo() {
      reload();
      void queryClient.invalidateQueries({ queryKey: unreadKey }, { cancelRefetch: false });
    },
  };
}

/**
 * The signed-in user's `notifications.onEvents` feed (one per tab, mounted with the header bell):
 * the unread count and every loaded list follow it. Returns the latest notification that arrived
 * live (for the screen-reader announcement) and whether the feed is connected.
 */
export function useNotificationFeed(): { latest: NotificationView | null; connected: boolean } {
  const api = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [latest, setLatest] = useState<NotificationView | null>(null);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const cache = notificationCache(trpc, queryClient);
    let started = false;
    const onEvent = (event: NotificationEvent) => {
      setConnected(true);
      switch (event.type) {
        case "notifications.unread":
          // The first event of every (re)connection.
          cache.setUnread(event.unread);
          if (started) cache.reload();
          started = true;
          break;
        case "notifications.new":
          cache.added(event.notification, event.unread);
          setLatest(event.notification);
          break;
        case "notifications.read":
          cache.read(event.ids, event.unread);
          break;
      }
    };
    const subscription = api.notifications.onEvents.subscribe(undefined, {
      onData: onEvent,
      onError: (error) => {
        console.error("[notifications] subscription failed:", error);
        setConnected(false);
      },
    });
    return () => subscription.unsubscribe();
  }, [api, trpc, queryClient]);

  return { latest, connected };
}
