import type { NotificationView } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import { badgeText, bellLabel, notificationHref, timeAgo, withNew, withRead, type NotificationPages } from "./notification-list";

function notification(id: string, readAt: Date | null = null): NotificationView {
  return {
    id,
    kind: "MENTION",
    actor: null,
    stream: { id: "s1", slug: "lofi", title: "Lo-fi" },
    text: `ana mentioned you (${id})`,
    href: `/s/lofi?m=${id}`,
    data: { kind: "MENTION", messageId: `m-${id}`, excerpt: "hi" },
    readAt,
    createdAt: new Date("2026-12-05T10:00:00Z"),
  };
}

function pages(...lists: NotificationView[][]): NotificationPages {
  return {
    pages: lists.map((items, index) => ({ items, nextCursor: index < lists.length - 1 ? `c${index}` : null, unread: 9 })),
    pageParams: lists.map((_, index) => (index === 0 ? undefined : `c${index - 1}`)),
  };
}

const ids = (data: NotificationPages | undefined) => data?.pages.map((page) => page.items.map((item) => item.id));

describe("withNew", () => {
  it("puts a new notification at the top of the first page and takes the new count", () => {
    const result = withNew(pages([notification("b")], [notification("a")]), notification("c"), 3);
    expect(ids(result)).toEqual([["c", "b"], ["a"]]);
    expect(result?.pages.map((page) => page.unread)).toEqual([3, 3]);
  });

  it("adds one it already has only once (a reconnect can deliver it again)", () => {
    const before = pages([notification("b")], [notification("a")]);
    expect(withNew(before, notification("a"), 2)).toBe(before);
  });

  it("leaves a list that was never loaded alone", () => {
    expect(withNew(undefined, notification("a"), 1)).toBeUndefined();
  });
});

describe("withRead", () => {
  const readAt = new Date("2026-12-05T11:00:00Z");
  const earlier = new Date("2026-12-05T09:00:00Z");

  it("sets readAt on the ids given, keeps the others and an earlier readAt", () => {
    const result = withRead(pages([notification("c"), notification("b", earlier)], [notification("a")]), ["a", "b"], 1, readAt, false);
    expect(result?.pages.flatMap((page) => page.items.map((item) => [item.id, item.readAt]))).toEqual([
      ["c", null],
      ["b", earlier],
      ["a", readAt],
    ]);
    expect(result?.pages[0]?.unread).toBe(1);
  });

  it("marks every one with 'all'", () => {
    const result = withRead(pages([notification("b")], [notification("a")]), "all", 0, readAt, false);
    expect(result?.pages.flatMap((page) => page.items.map((item) => item.readAt))).toEqual([readAt, readAt]);
  });

  it("drops them from a list of unread ones", () => {
    const result = withRead(pages([notification("c"), notification("b")], [notification("a")]), ["b"], 2, readAt, true);
    expect(ids(result)).toEqual([["c"], ["a"]]);
  });
});

describe("notificationHref", () => {
  it("keeps an app path with its query", () => {
    expect(notificationHref("/s/lofi?m=abc")).toBe("/s/lofi?m=abc");
    expect(notificationHref("/orders/o1")).toBe("/orders/o1");
  });

  it("sends anything pointing elsewhere home", () => {
    expect(notificationHref("https://evil.example/")).toBe("/");
    expect(notificationHref("//evil.example/x")).toBe("/");
    expect(notificationHref("/\\evil.example")).toBe("/");
    expect(notificationHref("javascript:alert(1)")).toBe("/");
  });
});

describe("the bell", () => {
  it("shows the count up to 99", () => {
    expect([0, 1, 99, 100, 2500].map(badgeText)).toEqual(["", "1", "99", "99+", "99+"]);
  });

  it("says the count in its name", () => {
    expect(bellLabel(0)).toBe("Notifications, none unread");
    expect(bellLabel(4)).toBe("Notifications, 4 unread");
    expect(bellLabel(120)).toBe("Notifications, more than 99 unread");
  });
});

describe("timeAgo", () => {
  const at = new Date("2026-12-05T10:00:00Z");
  const after = (seconds: number) => at.getTime() + seconds * 1000;

  it("counts minutes, hours and days, then gives the date", () => {
    expect(timeAgo(at, after(59))).toBe("just now");
    expect(timeAgo(at, after(60))).toBe("1 min ago");
    expect(timeAgo(at, after(3599))).toBe("59 min ago");
    expect(timeAgo(at, after(3600))).toBe("1 h ago");
    expect(timeAgo(at, after(86_400 * 2 + 5))).toBe("2 d ago");
    expect(timeAgo(at, after(86_400 * 8))).toBe("Dec 5, 2026");
  });

  it("says just now for a time a little ahead of the browser's clock", () => {
    expect(timeAgo(at, after(-30))).toBe("just now");
  });
});
