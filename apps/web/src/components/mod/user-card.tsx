"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { formatDateTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { actionLabel, durationSince } from "./format";
import type { UserCardData } from "./types";
import { UserActions } from "./user-actions";
import { ErrorLine } from "../ui/error-line";

export interface UserRef {
  id: string;
  username: string;
  name: string | null;
}

interface UserCardProps {
  streamId: string;
  user: UserRef;
  me: { id: string };
  onClose: () => void;
}

const ROLE_IN_STREAM: Record<UserCardData["roleInStream"], string> = {
  viewer: "Viewer",
  moderator: "Moderator",
  owner: "Stream owner",
  admin: "Admin",
};

/** What a moderator needs to judge a chatter, with the actions at hand (a sheet on phones, a side panel on desktop). */
export function UserCard({ streamId, user, me, onClose }: UserCardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cardInput = { streamId, userId: user.id };
  // Read afresh on every open (a judgement needs today's facts); actions on this person, here or in
  // UserActions, invalidate it, so the card shows their effect.
  const cardQuery = useQuery(trpc.moderation.userCard.queryOptions(cardInput, { staleTime: 0 }));
  const card = cardQuery.data;
  const unban = useMutation(
    trpc.moderation.unban.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.moderation.userCard.queryKey(cardInput) }),
    }),
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const streamRestrictions = card?.restrictions.filter((restriction) => restriction.streamId === streamId) ?? [];

  return (
    <div className="mod-sheet-backdrop" onClick={onClose}>
      <div
        className="mod-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="user-card-name"
        data-testid="user-card"
        onClick={(event) => event.stopPropagation()}
      >
        <div className="mod-sheet-header">
          <div>
            <h2 id="user-card-name">
              <bdi>{user.name ?? user.username}</bdi>
            </h2>
            <p className="muted">@{user.username}</p>
          </div>
          <button type="button" className="mod-icon-button" onClick={onClose} aria-label="Close user card">
            Close
          </button>
        </div>

        <ErrorLine error={cardQuery.error} />
        {cardQuery.isPending ? <p className="muted">Loading…</p> : null}

        {card ? (
          <>
            <dl className="mod-facts">
              <div>
                <dt>Role here</dt>
                <dd data-testid="user-card-role">{ROLE_IN_STREAM[card.roleInStream]}</dd>
              </div>
              <div>
                <dt>Account age</dt>
                <dd title={formatDateTime(card.user.createdAt)}>{durationSince(card.user.createdAt)}</dd>
              </div>
              <div>
                <dt>Following since</dt>
                <dd>{card.followedAt ? formatDateTime(card.followedAt) : "Not following"}</dd>
              </div>
              <div>
                <dt>Messages here</dt>
                <dd data-testid="user-card-message-count">{card.messageCount}</dd>
              </div>
            </dl>

            <h3>Active restrictions</h3>
            {card.restrictions.length === 0 ? (
              <p className="muted">None: they can chat.</p>
            ) : (
              <ul className="mod-plain-list" data-testid="user-card-restrictions">
                {card.restrictions.map((restriction) => (
                  <li key={restriction.id}>
                    <strong>{restriction.kind === "BAN" ? "Banned" : "Timed out"}</strong>
                    {restriction.streamId === null ? " everywhere on OnAir" : " in this chat"}
                    {restriction.expiresAt ? ` until ${formatDateTime(restriction.expiresAt)}` : ""}
                    {restriction.reason ? (
                      <span className="muted">
                        {" "}
                        — <bdi>{restriction.reason}</bdi>
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {streamRestrictions.length > 0 ? (
              <button type="button" className="button button-small" disabled={unban.isPending} onClick={() => unban.mutate(cardInput)}>
                Unban (lift ban and timeout here)
              </button>
            ) : null}
            <ErrorLine error={unban.error} />

            {user.id !== me.id ? (
              <>
                <h3>Actions</h3>
                <UserActions streamId={streamId} user={user} />
              </>
            ) : null}

            <h3>Recent messages here</h3>
            {card.recentMessages.length === 0 ? (
              <p className="muted">No messages in this stream.</p>
            ) : (
              <ul className="mod-plain-list mod-recent-messages">
                {card.recentMessages.map((message) => (
                  <li key={message.id}>
                    <span className="chat-time">{formatDateTime(message.createdAt)}</span>{" "}
                    {message.status !== "VISIBLE" ? (
                      <span className={`mod-status mod-status-${message.status.toLowerCase()}`}>{message.status.toLowerCase()}</span>
                    ) : null}{" "}
                    <span>
                      <bdi>{message.originalBody ?? message.body}</bdi>
                    </span>
                  </li>
                ))}
              </ul>
            )}

            <h3>Earlier moderation</h3>
            {card.priorActions.length === 0 ? (
              <p className="muted">Nothing on record.</p>
            ) : (
              <ul className="mod-plain-list">
                {card.priorActions.map((entry) => (
                  <li key={entry.id}>
                    <span className="chat-time">{formatDateTime(entry.createdAt)}</span> <strong>{actionLabel(entry.action)}</strong>{" "}
                    <span className="muted">
                      by {entry.actor ? `@${entry.actor.username}` : "the filter"}
                      {entry.streamId !== streamId ? (entry.streamId ? " (another stream)" : " (site-wide)") : ""}
                      {entry.reason ? ` — ${entry.reason}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}
