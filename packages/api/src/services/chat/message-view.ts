import type { Prisma } from "@onair/db";
import type { ChatMessageView } from "../../events/types";

export const chatMessageSelect = {
  id: true,
  streamId: true,
  seq: true,
  body: true,
  replyToId: true,
  createdAt: true,
  user: { select: { id: true, username: true, name: true, role: true } },
} satisfies Prisma.ChatMessageSelect;

type SelectedMessage = Prisma.ChatMessageGetPayload<{ select: typeof chatMessageSelect }>;

export function toChatMessageView(row: SelectedMessage): ChatMessageView {
  const { user, ...message } = row;
  return { ...message, author: user };
}
