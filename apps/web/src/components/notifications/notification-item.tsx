"use client";

import type { NotificationView } from "@onair/api/events";
import Link from "next/link";
import { useEffect, useState, type KeyboardEvent } from "react";
import { KIND_ICONS, notificationHref, timeAgo } from "./notification-list";

/** The current time, moved on every minute (for "5 min ago"). */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** ↑ and ↓ move between the notifications' links, Home and End to the first and last. */
function moveBetweenLinks(event: KeyboardEvent<HTMLUListElement>) {
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>("a.notify-link"));
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const target =
    event.key === "ArrowDown"
      ? links[Math.min(links.length - 1, at + 1)]
      : event.key === "ArrowUp"
        ? links[Math.max(0, at - 1)]
        : event.key === "Home"
          ? links[0]
          : event.key === "End"
            ? links[links.length - 1]
            : undefined;
  if (!target) return;
  event.preventDefault();
  target.focus();
}

interface NotificationItemsProps {
  items: NotificationView[];
  onMarkRead: (id: string) => void;
  /** Called when one is opened (the panel closes). */
  onOpen?: () => void;
  label: string;
}

/** Notifications, newest first: each opens where it points (marking it read); unread ones have a "mark read" button. */
export function NotificationItems({ items, onMarkRead, onOpen, label }: NotificationItemsProps) {
  const now = useMinuteClock();
  return (
    <ul className="notify-list" aria-label={label} onKeyDown={moveBetweenLinks} data-testid="notification-list">
      {items.map((item) => {
        const unread = item.readAt === null;
        return (
          <li
            key={item.id}
            className={`notify-item${unread ? " notify-item-unread" : ""}`}
            data-testid="notification-item"
            data-kind={item.kind}
            data-read={unread ? "false" : "true"}
          >
            <span className={`notify-icon notify-icon-${item.kind.toLowerCase()}`} aria-hidden>
              {KIND_ICONS[item.kind]}
            </span>
            <div className="notify-item-text">
              <Link
                href={notificationHref(item.href)}
                className="notify-link"
                onClick={() => {
                  if (unread) onMarkRead(item.id);
                  onOpen?.();
                }}
              >
                {unread ? <span className="visually-hidden">Unread: </span> : null}
                <bdi>{item.text}</bdi>
              </Link>
              <time className="notify-time" dateTime={item.createdAt.toISOString()} suppressHydrationWarning>
                {timeAgo(item.createdAt, now)}
              </time>
            </div>
            {unread ? (
              <button
                type="button"
                className="notify-mark"
                onClick={() => onMarkRead(item.id)}
                aria-label={`Mark read: ${item.text}`}
                title="Mark read"
                data-testid="notification-mark-read"
              >
                <span aria-hidden>✓</span>
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
