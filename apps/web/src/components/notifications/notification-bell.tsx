"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { ErrorLine } from "../ui/error-line";
import { NotificationItems } from "./notification-item";
import { ALL_NOTIFICATIONS, badgeText, bellLabel, PANEL_SIZE } from "./notification-list";
import { useMarkRead } from "./use-mark-read";
import { useNotificationFeed } from "./use-notification-feed";
import "./notifications.css";

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/**
 * The header's notification centre: a bell with the unread count, live over the WebSocket
 * (`initialUnread`: what the server read with the page), opening a panel with the latest
 * notifications (a dropdown on desktop, a full-screen sheet on phones).
 */
export function NotificationBell({ initialUnread }: { initialUnread: number | null }) {
  const trpc = useTRPC();
  const { latest, connected } = useNotificationFeed();
  const unread =
    useQuery(
      trpc.notifications.unreadCount.queryOptions(undefined, {
        initialData: initialUnread === null ? undefined : { unread: initialUnread },
        // The feed keeps it current.
        staleTime: Infinity,
      }),
    ).data?.unread ?? 0;
  const pathname = usePathname();
  // Where the panel was opened: on another page it is closed.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (next: boolean) => setOpenOn(next ? pathname : null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpenOn(null);
        buttonRef.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpenOn(null);
    };
    window.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  const badge = badgeText(unread);
  return (
    <div className="notify-bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="notify-bell-button"
        aria-label={bellLabel(unread)}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
        data-testid="notification-bell"
        data-unread={unread}
        data-live={connected}
      >
        <BellIcon />
        {badge ? (
          <span className="notify-badge" aria-hidden data-testid="notification-badge">
            {badge}
          </span>
        ) : null}
      </button>
      {open ? <NotificationPanel id={panelId} unread={unread} onClose={close} /> : null}
      <p className="visually-hidden" role="status">
        {latest ? `New notification: ${latest.text}` : ""}
      </p>
    </div>
  );
}

function NotificationPanel({ id, unread, onClose }: { id: string; unread: number; onClose: (returnFocus: boolean) => void }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(ALL_NOTIFICATIONS, { getNextPageParam: (page) => page.nextCursor }),
  );
  const { markRead, markAllRead, markingAll, error } = useMarkRead();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const titleId = `${id}-title`;
  const items = (list.data?.pages.flatMap((page) => page.items) ?? []).slice(0, PANEL_SIZE);

  // Keyboard and screen-reader users land in the panel.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section id={id} className="notify-panel" aria-labelledby={titleId} data-testid="notification-panel">
      <div className="notify-panel-bar">
        <h2 id={titleId} ref={headingRef} tabIndex={-1}>
          Notifications
        </h2>
        <button
          type="button"
          className="link-button notify-mark-all"
          disabled={unread === 0 || markingAll}
          onClick={markAllRead}
          data-testid="notification-mark-all"
        >
          Mark all read
        </button>
        <button type="button" className="notify-close" aria-label="Close notifications" onClick={() => onClose(true)}>
          <span aria-hidden>✕</span>
        </button>
      </div>
      <ErrorLine error={error ?? list.error} />
      {list.isPending ? (
        <p className="notify-empty muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="notify-empty muted" data-testid="notification-empty">
          Nothing yet. Mentions and replies, creators you follow going live and your orders show up here.
        </p>
      ) : (
        <NotificationItems items={items} onMarkRead={markRead} onOpen={() => onClose(false)} label="Latest notifications" />
      )}
      <div className="notify-panel-foot">
        <Link href="/notifications" onClick={() => onClose(false)}>
          See all
        </Link>
        <Link href="/settings/notifications" onClick={() => onClose(false)}>
          Settings
        </Link>
      </div>
    </section>
  );
}
