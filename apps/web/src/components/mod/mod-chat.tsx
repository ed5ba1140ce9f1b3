"use client";

import type { ChatAuthor, ChatMessageView } from "@onair/api/events";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConnectionStatus } from "~/components/chat/connection-status";
import type { ConnectionState } from "~/components/chat/use-chat-feed";
import { useStickToBottom } from "~/components/chat/use-stick-to-bottom";
import { formatTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { UserActions } from "./user-actions";
import type { UserRef } from "./user-card";
import type { TabPanelProps } from "../ui/tabs";
import { ErrorLine } from "../ui/error-line";

export function AuthorBadge({ author }: { author: Pick<ChatAuthor, "badge"> }) {
  if (!author.badge) return null;
  return (
    <span className={`mod-author-badge mod-author-badge-${author.badge.toLowerCase()}`} title={author.badge.toLowerCase()}>
      {author.badge === "OWNER" ? "Owner" : author.badge === "ADMIN" ? "Admin" : "Mod"}
    </span>
  );
}

interface ModChatProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  me: { id: string; username: string };
  messages: ChatMessageView[];
  connection: ConnectionState;
  onOpenUser: (user: UserRef) => void;
}

/** The live chat as moderators see it (the dashboard's chat feed): every message with Delete at hand and more actions one tap away. */
export function ModChat(props: ModChatProps) {
  const { messages } = props;
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const { listRef, onScroll } = useStickToBottom(messages);

  return (
    <section className="mod-panel mod-panel-chat" data-panel="chat" aria-labelledby="mod-chat-heading" {...props.tabPanel}>
      <div className="mod-panel-header">
        <h2 id="mod-chat-heading">Live chat</h2>
        <ConnectionStatus state={props.connection} testId="mod-chat-connection" />
      </div>
      <ol className="mod-chat-messages" ref={listRef} onScroll={onScroll} data-testid="mod-chat-messages" aria-live="polite">
        {messages.length === 0 ? <li className="mod-empty-line muted">No messages yet.</li> : null}
        {messages.map((message) => (
          <ModChatMessage
            key={message.id}
            streamId={props.streamId}
            message={message}
            mine={message.author.id === props.me.id}
            expanded={expandedId === message.id}
            onToggle={() => setExpandedId((current) => (current === message.id ? null : message.id))}
            onOpenUser={props.onOpenUser}
          />
        ))}
      </ol>
    </section>
  );
}

interface ModChatMessageProps {
  streamId: string;
  message: ChatMessageView;
  mine: boolean;
  expanded: boolean;
  onToggle: () => void;
  onOpenUser: (user: UserRef) => void;
}

function ModChatMessage({ streamId, message, mine, expanded, onToggle, onOpenUser }: ModChatMessageProps) {
  const trpc = useTRPC();
  // The message leaves the list when the chat feed reports the deletion.
  const deleteMessage = useMutation(trpc.moderation.deleteMessage.mutationOptions());
  const { author } = message;

  return (
    <li
      className={`mod-chat-message${expanded ? " mod-chat-message-expanded" : ""}`}
      data-testid="mod-chat-message"
      data-message-id={message.id}
    >
      <div className="mod-chat-line">
        <div className="mod-chat-text">
          <time className="chat-time" dateTime={message.createdAt.toISOString()} suppressHydrationWarning>
            {formatTime(message.createdAt)}
          </time>
          <AuthorBadge author={author} />
          <button
            type="button"
            className="mod-author"
            onClick={() => onOpenUser({ id: author.id, username: author.username, name: author.name })}
            title={`Open @${author.username}'s user card`}
          >
            <bdi>{author.name ?? author.username}</bdi>
          </button>
          <span className="mod-chat-body">
            <bdi>{message.body}</bdi>
          </span>
        </div>
        <div className="mod-chat-buttons">
          <button
            type="button"
            className="mod-icon-button mod-icon-button-danger"
            disabled={deleteMessage.isPending}
            onClick={() => deleteMessage.mutate({ streamId, messageId: message.id })}
            aria-label={`Delete message from @${author.username}`}
            title="Delete"
          >
            Delete
          </button>
          {mine ? null : (
            <button
              type="button"
              className="mod-icon-button"
              aria-expanded={expanded}
              aria-label={`${expanded ? "Close actions" : "More actions"} for @${author.username}`}
              onClick={onToggle}
            >
              {expanded ? "Close" : "More"}
            </button>
          )}
        </div>
      </div>
      <ErrorLine error={deleteMessage.error} className="mod-inline-error" />
      {expanded && !mine ? <UserActions streamId={streamId} user={author} /> : null}
    </li>
  );
}
