"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../ui/error-line";
import { LoadMoreButton } from "../ui/load-more-button";
import { TabList, tabPanelProps } from "../ui/tabs";
import { NotificationItems } from "./notification-item";
import { ALL_NOTIFICATIONS, UNREAD_NOTIFICATIONS } from "./notification-list";
import { useMarkRead } from "./use-mark-read";

type Filter = "all" | "unread";
const TABS = [
  { id: "all", label: "All" },
  { id: "unread", label: "Unread" },
] satisfies Array<{ id: Filter; label: string }>;

/** Reads the next page when `target` scrolls into view (the button stays for keyboards and when observing is not possible). */
function useLoadWhenVisible(enabled: boolean, load: () => void) {
  const target = useRef<HTMLDivElement>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    const element = target.current;
    if (!enabled || !element || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadRef.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled]);
  return target;
}

/** /notifications: every notification, newest first, more as the list scrolls; all or unread only. */
export function NotificationCenter() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<Filter>("all");
  const input = filter === "all" ? ALL_NOTIFICATIONS : UNREAD_NOTIFICATIONS;
  const list = useInfiniteQuery(trpc.notifications.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor }));
  const unread = useQuery(trpc.notifications.unreadCount.queryOptions(undefined, { staleTime: Infinity })).data?.unread ?? 0;
  const { markRead, markAllRead, markingAll, error } = useMarkRead();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const loadMore = () => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  };
  const sentinel = useLoadWhenVisible(list.hasNextPage && !list.isFetchingNextPage, loadMore);

  return (
    <div className="notify-center">
      <div className="notify-center-head">
        <h1>Notifications</h1>
        <div className="notify-center-actions">
          <Link href="/settings/notifications">Settings</Link>
          <button
            type="button"
            className="button button-small notify-quiet"
            disabled={unread === 0 || markingAll}
            onClick={markAllRead}
            data-testid="notification-mark-all"
          >
            Mark all read
          </button>
        </div>
      </div>
      <TabList
        idPrefix="notify"
        label="Show"
        tabs={TABS}
        selected={filter}
        onSelect={setFilter}
        className="notify-tabs"
        tabClassName={() => "notify-tab"}
      />
      <div {...tabPanelProps("notify", filter)}>
        <ErrorLine error={error ?? list.error} />
        {list.isPending ? (
          <p className="muted">Loading…</p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="notification-empty">
            {filter === "unread"
              ? "You have read everything."
              : "Nothing yet. Mentions and replies, creators you follow going live or scheduling a stream, your orders and moderators' actions show up here."}
          </p>
        ) : (
          <div className="notify-card">
            <NotificationItems
              items={items}
              onMarkRead={markRead}
              label={filter === "all" ? "All notifications" : "Unread notifications"}
            />
          </div>
        )}
        <div className="notify-more" ref={sentinel}>
          <LoadMoreButton hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoadMore={loadMore}>
            Older notifications
          </LoadMoreButton>
        </div>
      </div>
    </div>
  );
}
