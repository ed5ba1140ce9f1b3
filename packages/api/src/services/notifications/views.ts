import type { ModerationAction, NotificationKind, OrderStatus, Prisma } from "@onair/db";
import type { NotificationData, NotificationView, ViewerRef } from "../../events/types";

export const notificationSelect = {
  id: true,
  kind: true,
  data: true,
  readAt: true,
  createdAt: true,
  actor: { select: { id: true, username: true, name: true } },
  stream: { select: { id: true, slug: true, title: true } },
} satisfies Prisma.NotificationSelect;

type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;
type StreamRef = NonNullable<NotificationRow["stream"]>;

/** What a notification says, wherever it is shown: the centre's line and link, a push's title. */
export interface NotificationText {
  title: string;
  text: string;
  href: string;
}

const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  PENDING: "waiting for payment",
  PAID: "paid",
  FULFILLED: "on its way",
  CANCELLED: "cancelled",
  REFUNDED: "refunded",
};

const MODERATION_WORDS: Partial<Record<ModerationAction, (where: string) => string>> = {
  MESSAGE_DELETE: (where) => `A moderator removed your message in ${where}`,
  USER_TIMEOUT: (where) => `You were timed out of the chat in ${where}`,
  USER_BAN: (where) => `You were banned from the chat in ${where}`,
  USER_UNBAN: (where) => `You can chat again in ${where}`,
};

function nameOf(actor: ViewerRef | null): string {
  return actor ? (actor.name ?? actor.username) : "Someone";
}

function quoted(title: string): string {
  return `“${title}”`;
}

/** The line and link of a notification, written by the server from what it is about (`data`, the actor, the stream). */
export function describeNotification(input: {
  data: NotificationData;
  actor: ViewerRef | null;
  stream: StreamRef | null;
}): NotificationText {
  const { data, actor, stream } = input;
  const streamHref = stream ? `/s/${stream.slug}` : "/";
  const where = stream ? quoted(stream.title) : "a stream";
  switch (data.kind) {
    case "MENTION":
    case "REPLY":
      return {
        title: data.kind === "MENTION" ? `${nameOf(actor)} mentioned you` : `${nameOf(actor)} replied to you`,
        text: `${nameOf(actor)} ${data.kind === "MENTION" ? "mentioned you" : "replied to you"} in ${where}: ${data.excerpt}`,
        href: stream ? `/s/${stream.slug}?m=${encodeURIComponent(data.messageId)}` : "/",
      };
    case "STREAM_LIVE":
      return { title: `${nameOf(actor)} is live`, text: `${nameOf(actor)} is live: ${where}`, href: streamHref };
    case "STREAM_REMINDER":
      return {
        title: `${where} is starting`,
        text: `${where} by ${nameOf(actor)} is live now, as you asked to be reminded`,
        href: streamHref,
      };
    case "STREAM_SCHEDULED":
      return { title: `${nameOf(actor)} scheduled a stream`, text: `${nameOf(actor)} scheduled ${where}`, href: streamHref };
    case "ORDER_STATUS":
      return {
        title: `Order ${data.number}`,
        text: `Your order ${data.number} is ${ORDER_STATUS_WORDS[data.status]}`,
        href: `/orders/${encodeURIComponent(data.orderId)}`,
      };
    case "MODERATION": {
      const sentence = (MODERATION_WORDS[data.action] ?? ((place: string) => `A moderator acted on your chat in ${place}`))(where);
      return { title: "Moderation", text: data.reason ? `${sentence}. Reason: ${data.reason}` : sentence, href: streamHref };
    }
  }
}

/** The data column as stored (JSON: dates are ISO strings) read back with its dates. */
function dataOf(kind: NotificationKind, stored: Prisma.JsonValue): NotificationData {
  const data = { ...(stored as Record<string, unknown>), kind } as Record<string, unknown>;
  for (const key of ["scheduledStartAt", "expiresAt"]) {
    if (typeof data[key] === "string") data[key] = new Date(data[key]);
  }
  return data as unknown as NotificationData;
}

export function toNotificationView(row: NotificationRow): NotificationView {
  const data = dataOf(row.kind, row.data);
  const { text, href } = describeNotification({ data, actor: row.actor, stream: row.stream });
  return {
    id: row.id,
    kind: row.kind,
    actor: row.actor,
    stream: row.stream,
    text,
    href,
    data,
    readAt: row.readAt,
    createdAt: row.createdAt,
  };
}
