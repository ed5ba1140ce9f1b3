import type { DbOrTx, Prisma } from "@onair/db";
import type { ChatMessageView, ChatReplyPreview, HeldMessageView } from "../../events/types";

const authorSelect = { select: { id: true, username: true, name: true, role: true } } as const;

/** Longest reply excerpt, in characters (code points), before "…". */
export const REPLY_EXCERPT_LENGTH = 80;

/** What a reply shows of the message it answers (`replyPreview` turns it into the view). */
export const replyToSelect = {
  id: true,
  seq: true,
  status: true,
  body: true,
  user: { select: { username: true, name: true } },
} satisfies Prisma.ChatMessageSelect;

type SelectedReplyTo = Prisma.ChatMessageGetPayload<{ select: typeof replyToSelect }>;

/** The one select every query that produces ChatMessageView uses; `toChatMessageViews` maps its rows. */
export const chatMessageSelect = {
  id: true,
  streamId: true,
  seq: true,
  body: true,
  replyToId: true,
  mentionedUserIds: true,
  createdAt: true,
  authorBadge: true,
  user: authorSelect,
  replyTo: { select: replyToSelect },
} satisfies Prisma.ChatMessageSelect;

export type SelectedMessage = Prisma.ChatMessageGetPayload<{ select: typeof chatMessageSelect }>;

/** The start of a message on one line: whitespace collapsed, cut on a code point boundary. */
export function excerptOf(body: string, length = REPLY_EXCERPT_LENGTH): string {
  const chars = [...body.replace(/\s+/g, " ").trim()];
  return chars.length <= length ? chars.join("") : `${chars.slice(0, length - 1).join("")}…`;
}

/** The preview of the answered message; null once it is not visible any more (deleted or back in review): its text is not shown. */
export function replyPreview(parent: SelectedReplyTo | null): ChatReplyPreview | null {
  if (!parent || parent.status !== "VISIBLE") return null;
  return { id: parent.id, seq: parent.seq, author: parent.user, excerpt: excerptOf(parent.body) };
}

/**
 * Visible messages as clients see them, in the order given, with the usernames
 * they mention read in one query. Every server path that produces a
 * ChatMessageView from stored rows goes through here.
 */
export async function toChatMessageViews(db: DbOrTx, rows: SelectedMessage[]): Promise<ChatMessageView[]> {
  const mentionedIds = [...new Set(rows.flatMap((row) => row.mentionedUserIds))];
  const usernames = new Map(
    mentionedIds.length === 0
      ? []
      : (await db.user.findMany({ where: { id: { in: mentionedIds } }, select: { id: true, username: true } })).map((user) => [
          user.id,
          user.username,
        ]),
  );
  return rows.map((row) => {
    const { id, streamId, seq, body, replyToId, createdAt, user } = row;
    // Visible messages always have a sequence number.
    if (seq === null) throw new Error(`chat message ${id} is visible but has no sequence number`);
    const mentions = row.mentionedUserIds.flatMap((userId) => {
      const username = usernames.get(userId);
      return username ? [username.toLowerCase()] : [];
    });
    const author = { id: user.id, username: user.username, name: user.name, role: user.role, badge: row.authorBadge };
    return { id, streamId, seq, body, replyToId, replyTo: replyPreview(row.replyTo), mentions, createdAt, author };
  });
}

export const heldMessageSelect = {
  id: true,
  streamId: true,
  body: true,
  originalBody: true,
  replyToId: true,
  createdAt: true,
  authorBadge: true,
  user: authorSelect,
  moderationLogs: { where: { action: "MESSAGE_HOLD" }, select: { reason: true }, take: 1 },
} satisfies Prisma.ChatMessageSelect;

type SelectedHeldMessage = Prisma.ChatMessageGetPayload<{ select: typeof heldMessageSelect }>;

export function toHeldMessageView(row: SelectedHeldMessage): HeldMessageView {
  const { user, authorBadge, moderationLogs, ...message } = row;
  return { ...message, reason: moderationLogs[0]?.reason ?? null, author: { ...user, badge: authorBadge } };
}
