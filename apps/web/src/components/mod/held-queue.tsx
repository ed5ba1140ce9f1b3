"use client";

import type { HeldMessageView } from "@onair/api/events";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { AuthorBadge } from "./mod-chat";
import type { UserRef } from "./user-card";
import type { TabPanelProps } from "../ui/tabs";
import { ErrorLine } from "../ui/error-line";

interface HeldQueueProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  onOpenUser: (user: UserRef) => void;
}

/** The held queue (`moderation.queue`, kept live by the dashboard's moderation feed). */
export function useHeldQueue(streamId: string): HeldMessageView[] {
  const trpc = useTRPC();
  return useQuery(trpc.moderation.queue.queryOptions({ streamId })).data ?? [];
}

/** Messages the filter held, oldest first; each waits for Approve (publish to everyone) or Deny. */
export function HeldQueue({ streamId, onOpenUser, tabPanel }: HeldQueueProps) {
  const queue = useHeldQueue(streamId);
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
              <HeldItem key={message.id} streamId={streamId} message={message} onOpenUser={onOpenUser} />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function HeldItem(props: { streamId: string; message: HeldMessageView; onOpenUser: (user: UserRef) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { streamId, message } = props;
  const { author } = message;
  // Reviewed: out of the queue at once (the moderation feed's event for it may come later).
  const removeFromQueue = () =>
    queryClient.setQueryData(trpc.moderation.queue.queryKey({ streamId }), (queue) => queue?.filter((held) => held.id !== message.id));
  const approve = useMutation(trpc.moderation.approve.mutationOptions({ onSuccess: removeFromQueue }));
  const deny = useMutation(trpc.moderation.deny.mutationOptions({ onSuccess: removeFromQueue }));
  const pending = approve.isPending || deny.isPending;
  const error = approve.error ?? deny.error;
  const input = { streamId, messageId: message.id };

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
          onClick={() => {
            deny.reset();
            approve.mutate(input);
          }}
          aria-label={`Approve message from @${author.username}`}
        >
          Approve
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          disabled={pending}
          onClick={() => {
            approve.reset();
            deny.mutate(input);
          }}
          aria-label={`Deny message from @${author.username}`}
        >
          Deny
        </button>
      </div>
      <ErrorLine error={error} />
    </li>
  );
}
