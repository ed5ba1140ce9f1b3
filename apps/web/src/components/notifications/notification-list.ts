import { safeCallbackPath } from "@onair/auth/redirect";
import type { NotificationView } from "@onair/api/events";
import type { NotificationKind } from "@onair/db";
import type { InfiniteData } from "@tanstack/react-query";

/** One page of `notifications.list`. */
export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unread: number;
}

/** The loaded pages of one list (whatever the cursor's type). */
export type NotificationPages = InfiniteData<NotificationPage, unknown>;

/** The list the header panel and /notifications share (one cache entry, so marking read updates both). */
export const ALL_NOTIFICATIONS = { limit: 20 } as const;
/** The /notifications page's "Unread" tab. */
export const UNREAD_NOTIFICATIONS = { limit: 20, unreadOnly: true } as const;

/** How many the header panel shows; the rest are on /notifications. */
export const PANEL_SIZE = 8;

/**
 * A notification that just arrived, put at the top of a loaded list (once: a reconnect may deliver
 * it again). Every list shows it, the unread-only one too: a new notification is unread.
 */
export function withNew<Pages extends NotificationPages>(
  pages: Pages | undefined,
  notification: NotificationView,
  unread: number,
): Pages | undefined {
  if (!pages) return pages;
  if (pages.pages.some((page) => page.items.some((item) => item.id === notification.id))) return pages;
  return {
    ...pages,
    pages: pages.pages.map((page, index) => ({
      ...page,
      unread,
      items: index === 0 ? [notification, ...page.items] : page.items,
    })),
  };
}

/**
 * Notifications marked read (`"all"`: every one), on this device or another: their `readAt` is
 * set; a list of unread ones only drops them.
 */
export function withRead<Pages extends NotificationPages>(
  pages: Pages | undefined,
  ids: readonly string[] | "all",
  unread: number,
  readAt: Date,
  unreadOnly: boolean,
): Pages | undefined {
  if (!pages) return pages;
  const marked = (item: NotificationView) => item.readAt === null && (ids === "all" || ids.includes(item.id));
  return {
    ...pages,
    pages: pages.pages.map((page) => ({
      ...page,
      unread,
      items: unreadOnly
        ? page.items.filter((item) => !marked(item))
        : page.items.map((item) => (marked(item) ? { ...item, readAt } : item)),
    })),
  };
}

/** Where opening a notification goes: its app path, never another site (the server writes it, the browser checks). */
export function notificationHref(href: string): string {
  return safeCallbackPath(href);
}

/** The count on the bell: nothing at 0, "99+" past 99. */
export function badgeText(unread: number): string {
  if (unread <= 0) return "";
  return unread > 99 ? "99+" : String(unread);
}

/** The bell's accessible name: what a screen reader says instead of the badge. */
export function bellLabel(unread: number): string {
  if (unread <= 0) return "Notifications, none unread";
  return `Notifications, ${unread > 99 ? "more than 99" : unread} unread`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function timeAgo(date: Date, now: number): string {
  const seconds = Math.max(0, Math.floor((now - date.getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days} d ago`;
  return new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(date);
}

/** What each kind is, in the order the preferences list them. */
export const NOTIFICATION_KINDS: ReadonlyArray<{ kind: NotificationKind; label: string; description: string }> = [
  { kind: "MENTION", label: "Mentions", description: "Someone wrote @you in a chat." },
  { kind: "REPLY", label: "Replies", description: "Someone replied to your chat message." },
  { kind: "STREAM_LIVE", label: "Went live", description: "A creator you follow started streaming." },
  { kind: "STREAM_SCHEDULED", label: "Scheduled streams", description: "A creator you follow scheduled a stream." },
  { kind: "STREAM_REMINDER", label: "Reminders", description: "A stream you asked to be reminded of is starting." },
  { kind: "ORDER_STATUS", label: "Orders", description: "One of your orders changed: paid, shipped, cancelled…" },
  { kind: "MODERATION", label: "Moderation", description: "A moderator removed your message, timed you out or banned you." },
];

/** A short icon per kind, next to the text (decorative: the text says what happened). */
export const KIND_ICONS: Record<NotificationKind, string> = {
  MENTION: "@",
  REPLY: "↩",
  STREAM_LIVE: "●",
  STREAM_SCHEDULED: "◷",
  STREAM_REMINDER: "⏰",
  ORDER_STATUS: "▣",
  MODERATION: "⚑",
};
