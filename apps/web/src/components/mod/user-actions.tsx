"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/lib/trpc";
import { ActionOutcome } from "../ui/action-outcome";

export const TIMEOUT_CHOICES = [
  { label: "1 min", seconds: 60 },
  { label: "10 min", seconds: 600 },
  { label: "1 h", seconds: 3600 },
  { label: "24 h", seconds: 86_400 },
] as const;

type ActionName = "timeout" | "ban" | "purge";

interface UserActionsProps {
  streamId: string;
  user: { id: string; username: string };
}

/**
 * Timeout, ban and purge for one person, with an optional reason; the result or the error of the last
 * action shows underneath. Each action invalidates the person's user card, which shows its effect.
 */
export function UserActions({ streamId, user }: UserActionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<string | null>(null);
  const [lastAction, setLastAction] = useState<ActionName | null>(null);
  const invalidateCard = () =>
    queryClient.invalidateQueries({ queryKey: trpc.moderation.userCard.queryKey({ streamId, userId: user.id }) });
  const actions = {
    timeout: useMutation(trpc.moderation.timeout.mutationOptions({ onSuccess: invalidateCard })),
    ban: useMutation(trpc.moderation.ban.mutationOptions({ onSuccess: invalidateCard })),
    purge: useMutation(trpc.moderation.purge.mutationOptions({ onSuccess: invalidateCard })),
  };
  const pending = actions.timeout.isPending || actions.ban.isPending || actions.purge.isPending;
  const error = lastAction ? actions[lastAction].error : null;
  const reasonOrUndefined = () => reason.trim() || undefined;

  /** Shows that an action started; returns the reason it is sent with. */
  function begin(action: ActionName): string {
    setOutcome(null);
    setLastAction(action);
    return reason;
  }

  /** Shows what the action did, and clears the reason unless it was retyped while the request ran. */
  function succeeded(submittedReason: string, outcome: string) {
    setOutcome(outcome);
    setReason((current) => (current === submittedReason ? "" : current));
  }

  function timeout(choice: (typeof TIMEOUT_CHOICES)[number]) {
    const submittedReason = begin("timeout");
    actions.timeout.mutate(
      { streamId, userId: user.id, durationSeconds: choice.seconds, reason: reasonOrUndefined() },
      { onSuccess: () => succeeded(submittedReason, `@${user.username} is timed out for ${choice.label}.`) },
    );
  }

  function ban() {
    const submittedReason = begin("ban");
    actions.ban.mutate(
      { streamId, userId: user.id, reason: reasonOrUndefined() },
      { onSuccess: () => succeeded(submittedReason, `@${user.username} is banned from this chat.`) },
    );
  }

  function purge() {
    const submittedReason = begin("purge");
    actions.purge.mutate(
      { streamId, userId: user.id, windowMinutes: 60, reason: reasonOrUndefined() },
      {
        onSuccess: ({ deleted }) =>
          succeeded(submittedReason, `Purged ${deleted} message${deleted === 1 ? "" : "s"} by @${user.username}.`),
      },
    );
  }

  return (
    <div className="mod-user-actions" data-testid="user-actions">
      <label className="mod-reason">
        <span className="visually-hidden">Reason for @{user.username}</span>
        <input value={reason} onChange={(event) => setReason(event.target.value)} placeholder="Reason (optional)" maxLength={500} />
      </label>
      <div className="mod-action-row">
        <span className="mod-action-label muted">Timeout</span>
        {TIMEOUT_CHOICES.map((choice) => (
          <button
            key={choice.seconds}
            type="button"
            className="mod-chip"
            disabled={pending}
            aria-label={`Timeout @${user.username} for ${choice.label}`}
            onClick={() => timeout(choice)}
          >
            {choice.label}
          </button>
        ))}
      </div>
      <div className="mod-action-row">
        <button type="button" className="button button-small button-danger" disabled={pending} onClick={ban}>
          Ban
        </button>
        <button
          type="button"
          className="button button-small mod-button-quiet"
          disabled={pending}
          title="Delete their messages of the last hour, held ones included"
          onClick={purge}
        >
          Purge last hour
        </button>
      </div>
      <ActionOutcome outcome={outcome} error={error?.message ?? null} />
    </div>
  );
}
