"use client";

import type { ChatMessageView } from "@onair/api/events";
import { AuthorBadge } from "~/components/chat/author-badge";
import { useStickToBottom } from "~/components/chat/use-stick-to-bottom";
import { formatTime } from "~/lib/format";
import { errorMessage } from "~/lib/trpc";
import { useReplayClock } from "./replay-clock";
import { useReplayChat } from "./use-replay-chat";

/** An ended stream's chat replayed in step with its video: each message appears when the video reaches the moment it was sent. */
export function ReplayChat({ streamId, onShowAll }: { streamId: string; onShowAll: () => void }) {
  const { wallClock } = useReplayClock();
  const { messages, loading, error } = useReplayChat(streamId, wallClock);
  const { listRef, onScroll } = useStickToBottom(messages);

  return (
    <aside className="chat-panel" aria-label="Chat replay" data-testid="replay-chat">
      <div className="chat-header">
        <h2>Chat replay</h2>
        <button type="button" className="link-button" onClick={onShowAll}>
          All messages
        </button>
      </div>
      <ol className="chat-messages" ref={listRef} onScroll={onScroll} aria-live="polite">
        {messages.length === 0 ? (
          <li className="chat-empty muted">
            {error
              ? `The chat could not be loaded: ${errorMessage(error)}`
              : loading
                ? "Loading the chat…"
                : wallClock
                  ? "No messages yet at this point."
                  : "The chat replays with the video: press play."}
          </li>
        ) : null}
        {messages.map((message) => (
          <li key={message.id} className="chat-message" data-testid="replay-message">
            <ReplayMessage message={message} />
          </li>
        ))}
      </ol>
      <div className="chat-compose">
        <p className="muted chat-closed">This stream has ended; messages appear as the replay reaches the moment they were sent.</p>
      </div>
    </aside>
  );
}

function ReplayMessage({ message }: { message: ChatMessageView }) {
  return (
    <>
      <time className="chat-time" dateTime={message.createdAt.toISOString()} suppressHydrationWarning>
        {formatTime(message.createdAt)}
      </time>
      <AuthorBadge badge={message.author.badge} />
      <span className="chat-author">
        <bdi>{message.author.name ?? message.author.username}</bdi>
      </span>
      <span className="chat-body">
        <bdi>{message.body}</bdi>
      </span>
    </>
  );
}
