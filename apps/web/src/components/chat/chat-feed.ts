import type { ChatEvent, ChatMessageView, HeldMessageView } from "@onair/api/events";

/** One of the viewer's own messages that waits for a moderator; only its author sees it. */
export interface PendingMessage extends HeldMessageView {
  denied: boolean;
}

/** What a chat feed shows: the visible messages in sequence order, and the viewer's own held ones. */
export interface ChatFeed {
  messages: ChatMessageView[];
  pending: PendingMessage[];
}

/**
 * Everything that changes a chat feed: the events of `chat.onMessage`, plus what the page itself
 * learns (an older page of history, the answer to a send, the viewer's held messages).
 */
export type ChatFeedAction =
  | ChatEvent
  | { type: "feed.older"; messages: ChatMessageView[] }
  | { type: "feed.sent"; message: ChatMessageView }
  | { type: "feed.held"; messages: HeldMessageView[] };

/** Merges messages by sequence number: each once (the newer copy wins), in order. */
export function mergeMessages(current: ChatMessageView[], incoming: ChatMessageView[]): ChatMessageView[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Adds held messages the feed does not know yet, as pending (not denied). */
function addPending(current: PendingMessage[], held: HeldMessageView[]): PendingMessage[] {
  const known = new Set(current.map((message) => message.id));
  const added = held.filter((message) => !known.has(message.id)).map((message) => ({ ...message, denied: false }));
  return added.length === 0 ? current : [...current, ...added];
}

/** The chat feed after one more event; replayed and out-of-order events change nothing twice. */
export function applyChatFeedAction(feed: ChatFeed, action: ChatFeedAction): ChatFeed {
  switch (action.type) {
    case "chat.history":
    case "feed.older":
      return { ...feed, messages: mergeMessages(feed.messages, action.messages) };
    case "chat.message":
    case "feed.sent":
      // An approved held message arrives with the id it had while pending.
      return {
        messages: mergeMessages(feed.messages, [action.message]),
        pending: feed.pending.filter((held) => held.id !== action.message.id),
      };
    case "chat.messageDeleted": {
      const deleted = new Set(action.messageIds);
      return {
        // A reply to a deleted message no longer shows what it said.
        messages: feed.messages
          .filter((message) => !deleted.has(message.id))
          .map((message) => (message.replyTo && deleted.has(message.replyTo.id) ? { ...message, replyTo: null } : message)),
        pending: feed.pending.filter((held) => !deleted.has(held.id)),
      };
    }
    case "chat.messageDenied":
      return { ...feed, pending: feed.pending.map((held) => (held.id === action.messageId ? { ...held, denied: true } : held)) };
    case "feed.held": {
      // A held message already approved (visible) is not pending any more.
      const visible = new Set(feed.messages.map((message) => message.id));
      return {
        ...feed,
        pending: addPending(
          feed.pending,
          action.messages.filter((message) => !visible.has(message.id)),
        ),
      };
    }
    case "chat.restrictionChanged":
      // About the viewer, not the feed (the composer shows it).
      return feed;
  }
}

export type ChatRow = { kind: "visible"; message: ChatMessageView } | { kind: "pending"; message: PendingMessage };

/** The rows of the chat list: pending messages placed among visible ones by the time they were sent. */
export function chatRows({ messages, pending }: ChatFeed): ChatRow[] {
  const rows: ChatRow[] = [];
  const waiting = [...pending].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  let next = 0;
  for (const message of messages) {
    while (next < waiting.length && waiting[next]!.createdAt < message.createdAt) rows.push({ kind: "pending", message: waiting[next++]! });
    rows.push({ kind: "visible", message });
  }
  while (next < waiting.length) rows.push({ kind: "pending", message: waiting[next++]! });
  return rows;
}

/** A jump to a message (a reply's original, a `?m=` link) loads older pages of this size… */
export const JUMP_PAGE_SIZE = 100;
/** …at most this many times before saying the message is too far back. */
export const JUMP_MAX_PAGES = 10;

/**
 * What a jump to a message does next: scroll to it when the feed has it; load an older page while it
 * may be further back; otherwise give up: `gone` (deleted, or older than the chat keeps) or `tooFar`
 * (more than JUMP_MAX_PAGES pages back).
 */
export function jumpStep(
  feed: ChatFeed,
  target: { id: string; seq: number | null },
  olderCursor: number | null,
  pagesLoaded: number,
): "found" | "loadOlder" | "gone" | "tooFar" {
  if (feed.messages.some((message) => message.id === target.id)) return "found";
  const oldest = feed.messages[0]?.seq;
  // Every message from the target's number on is here, and it is not: it was deleted.
  if (target.seq !== null && oldest !== undefined && oldest <= target.seq) return "gone";
  if (olderCursor === null) return "gone";
  return pagesLoaded >= JUMP_MAX_PAGES ? "tooFar" : "loadOlder";
}
