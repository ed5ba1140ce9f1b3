import type { ChatMessageView, HeldMessageView } from "@onair/api/events";
import { Fragment, type RefObject } from "react";
import { formatTime } from "~/lib/format";
import { AuthorBadge } from "./author-badge";
import type { ChatRow } from "./chat-feed";
import { bodySegments, mentionsViewer } from "./mentions";

interface ChatMessageListProps {
  rows: ChatRow[];
  viewer: { id: string; username: string } | null;
  listRef: RefObject<HTMLOListElement | null>;
  onScroll: () => void;
  /** Shown as "Load earlier messages" while there are older messages. */
  onLoadOlder: (() => void) | null;
  /** Offered on every visible message while the viewer can send; null otherwise. */
  onReply: ((message: ChatMessageView) => void) | null;
  /** Shows the message a reply answers (scrolls to it, loading older messages if need be). */
  onJump: (target: { id: string; seq: number | null }) => void;
  /** The message a jump landed on, highlighted. */
  highlightedId: string | null;
}

/** The viewer's chat: visible messages and, for their author only, messages pending review. */
export function ChatMessageList({ rows, viewer, listRef, onScroll, onLoadOlder, onReply, onJump, highlightedId }: ChatMessageListProps) {
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
      {rows.map((row) => {
        if (row.kind === "pending") {
          return (
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
          );
        }
        const { message } = row;
        const mentionsMe = mentionsViewer(message, viewer);
        const highlighted = message.id === highlightedId;
        return (
          <li
            key={message.id}
            className={`chat-message${mentionsMe ? " chat-message-mentions-me" : ""}${highlighted ? " chat-message-highlighted" : ""}`}
            data-testid="chat-message"
            data-seq={message.seq}
            data-message-id={message.id}
            data-mentions-me={mentionsMe || undefined}
            data-highlighted={highlighted || undefined}
            // A jump moves focus here, so keyboard and screen reader users land on the message too.
            tabIndex={-1}
          >
            {message.replyTo ? (
              <button
                type="button"
                className="chat-reply-preview"
                data-testid="chat-reply-preview"
                onClick={() => onJump({ id: message.replyTo!.id, seq: message.replyTo!.seq })}
              >
                <span className="visually-hidden">Replying to </span>
                <span aria-hidden="true">↪ </span>
                <bdi className="chat-reply-preview-author">{message.replyTo.author.name ?? message.replyTo.author.username}</bdi>
                <span className="visually-hidden">: </span>
                <bdi className="chat-reply-preview-excerpt">{message.replyTo.excerpt}</bdi>
              </button>
            ) : message.replyToId ? (
              <span className="chat-reply-preview chat-reply-preview-removed">↪ Replying to a removed message</span>
            ) : null}
            <MessageLine message={message} body={message.body} isSelf={message.author.id === viewer?.id} viewer={viewer} />
            {mentionsMe ? <span className="visually-hidden"> (mentions you)</span> : null}
            {onReply ? (
              <button
                type="button"
                className="chat-reply-button"
                data-testid="chat-reply"
                onClick={() => onReply(message)}
                aria-label={`Reply to ${message.author.name ?? message.author.username}`}
              >
                Reply
              </button>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function MessageLine({
  message,
  body,
  isSelf,
  viewer = null,
}: {
  message: ChatMessageView | HeldMessageView;
  body: string;
  isSelf: boolean;
  viewer?: { username: string } | null;
}) {
  const mentions = "mentions" in message ? message.mentions : [];
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
        <bdi>
          {bodySegments(body, mentions, viewer?.username ?? null).map((segment, index) =>
            segment.kind === "text" ? (
              <Fragment key={index}>{segment.text}</Fragment>
            ) : (
              <span key={index} className={`chat-mention${segment.self ? " chat-mention-self" : ""}`} data-testid="chat-mention">
                {segment.text}
              </span>
            ),
          )}
        </bdi>
      </span>
    </>
  );
}
