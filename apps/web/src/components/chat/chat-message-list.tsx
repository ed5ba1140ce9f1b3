import type { ChatMessageView, HeldMessageView } from "@onair/api/events";
import type { RefObject } from "react";
import { formatTime } from "~/lib/format";
import { AuthorBadge } from "./author-badge";
import type { ChatRow } from "./chat-feed";

interface ChatMessageListProps {
  rows: ChatRow[];
  viewerId: string | null;
  listRef: RefObject<HTMLOListElement | null>;
  onScroll: () => void;
  /** Shown as "Load earlier messages" while there are older messages. */
  onLoadOlder: (() => void) | null;
}

/** The viewer's chat: visible messages and, for their author only, messages pending review. */
export function ChatMessageList({ rows, viewerId, listRef, onScroll, onLoadOlder }: ChatMessageListProps) {
  return (
    <ol className="chat-messages" ref={listRef} onScroll={onScroll} data-testid="chat-messages" aria-live="polite">
      {onLoadOlder ? (
        <li className="chat-older">
          <button type="button" className="link-button" onClick={onLoadOlder}>
            Load earlier messages
          </button>
        </li>
      ) : null}
      {rows.length === 0 ? <li className="chat-empty muted">No messages yet. Say hello!</li> : null}
      {rows.map((row) =>
        row.kind === "visible" ? (
          <li key={row.message.id} className="chat-message" data-testid="chat-message" data-seq={row.message.seq}>
            <MessageLine message={row.message} body={row.message.body} isSelf={row.message.author.id === viewerId} />
          </li>
        ) : (
          <li
            key={row.message.id}
            className={`chat-message chat-message-pending${row.message.denied ? " chat-message-denied" : ""}`}
            data-testid="chat-pending"
            data-state={row.message.denied ? "denied" : "pending"}
          >
            <MessageLine message={row.message} body={row.message.originalBody ?? row.message.body} isSelf />
            <span className="chat-pending-note">
              {row.message.denied ? "Not approved by a moderator" : "Pending review · only you can see this"}
            </span>
          </li>
        ),
      )}
    </ol>
  );
}

function MessageLine({ message, body, isSelf }: { message: ChatMessageView | HeldMessageView; body: string; isSelf: boolean }) {
  return (
    <>
      <time className="chat-time" dateTime={message.createdAt.toISOString()} suppressHydrationWarning>
        {formatTime(message.createdAt)}
      </time>
      <AuthorBadge badge={message.author.badge} />
      <span className={`chat-author${isSelf ? " chat-author-self" : ""}`}>
        <bdi>{message.author.name ?? message.author.username}</bdi>
      </span>
      <span className="chat-body">
        <bdi>{body}</bdi>
      </span>
    </>
  );
}
