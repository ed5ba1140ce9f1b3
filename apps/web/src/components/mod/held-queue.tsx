"use client";

import type { HeldMessageView } from "@onair/api/events";
import { formatTime } from "~/lib/format";
import { useTRPCClient } from "~/lib/trpc";
import { AuthorBadge } from "./mod-chat";
import { useAction } from "./use-action";
import type { UserRef } from "./user-card";
import type { TabPanelProps } from "../ui/tabs";

interface HeldQueueProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  queue: HeldMessageView[];
  onOpenUser: (user: UserRef) => void;
  onReviewed: (messageId: string) => void;
}

/** Messages the filter held, oldest first; each waits for Approve (publish to everyone) or Deny. */
export function HeldQueue({ streamId, queue, onOpenUser, onReviewed, tabPanel }: HeldQueueProps) {
  return (
    <section className="mod-panel mod-panel-queue" data-panel="queue" aria-labelledby="mod-queue-heading" {...tabPanel}>
      <div className="mod-panel-header">
        <h2 id="mod-queue-heading">Held for review</h2>
        <span className={`mod-count${queue.length ? " mod-count-waiting" : ""}`} data-testid="queue-count">
          {queue.length}
        </span>
      </div>
      {/* Always in the page, so screen readers announce each held message as it arrives. */}
      <div aria-live="polite" data-testid="queue-live">
        {queue.length === 0 ? (
          <p className="mod-empty-line muted" data-testid="queue-empty">
            Nothing waiting. Messages the filter holds appear here as they arrive.
          </p>
        ) : (
          <ol className="mod-queue" data-testid="held-queue">
            {queue.map((message) => (
              <HeldItem key={message.id} streamId={streamId} message={message} onOpenUser={onOpenUser} onReviewed={onReviewed} />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function HeldItem(props: {
  streamId: string;
  message: HeldMessageView;
  onOpenUser: (user: UserRef) => void;
  onReviewed: (messageId: string) => void;
}) {
  const api = useTRPCClient();
  const { streamId, message } = props;
  const { run, pending, error } = useAction();
  const { author } = message;

  async function review(decision: "approve" | "deny") {
    const moderation = api.moderation;
    const input = { streamId, messageId: message.id };
    const result = await run<unknown>(() => (decision === "approve" ? moderation.approve.mutate(input) : moderation.deny.mutate(input)));
    if (result.ok) props.onReviewed(message.id);
  }

  return (
    <li className="mod-held" data-testid="held-message" data-message-id={message.id}>
      <div className="mod-held-meta">
        <time className="chat-time" dateTime={message.createdAt.toISOString()} suppressHydrationWarning>
          {formatTime(message.createdAt)}
        </time>
        <AuthorBadge author={author} />
        <button
          type="button"
          className="mod-author"
          onClick={() => props.onOpenUser({ id: author.id, username: author.username, name: author.name })}
          title={`Open @${author.username}'s user card`}
        >
          <bdi>{author.name ?? author.username}</bdi>
        </button>
      </div>
      <p className="mod-held-body">
        <bdi>{message.originalBody ?? message.body}</bdi>
      </p>
      {message.reason ? (
        <p className="mod-held-reason muted">
          <bdi>{message.reason}</bdi>
        </p>
      ) : null}
      <div className="mod-held-buttons">
        <button
          type="button"
          className="button button-small mod-button-ok"
          disabled={pending}
          onClick={() => void review("approve")}
          aria-label={`Approve message from @${author.username}`}
        >
          Approve
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          disabled={pending}
          onClick={() => void review("deny")}
          aria-label={`Deny message from @${author.username}`}
        >
          Deny
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
