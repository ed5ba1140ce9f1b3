import type { Prisma } from "@onair/db";
import type { ChatMessageView, HeldMessageView } from "../../events/types";

const authorSelect = { select: { id: true, username: true, name: true, role: true } } as const;

export const chatMessageSelect = {
  id: true,
  streamId: true,
  seq: true,
  body: true,
  replyToId: true,
  createdAt: true,
  authorBadge: true,
  user: authorSelect,
} satisfies Prisma.ChatMessageSelect;

type SelectedMessage = Prisma.ChatMessageGetPayload<{ select: typeof chatMessageSelect }>;

/** A visible message as clients see it (visible messages always have a sequence number). */
export function toChatMessageView(row: SelectedMessage): ChatMessageView {
  const { user, authorBadge, seq, ...message } = row;
  if (seq === null) throw new Error(`chat message ${row.id} is visible but has no sequence number`);
  return { ...message, seq, author: { ...user, badge: authorBadge } };
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
