"use client";

import { useState } from "react";
import { useTRPCClient } from "~/lib/trpc";
import { ActionOutcome } from "./action-outcome";
import { useAction } from "./use-action";

export const TIMEOUT_CHOICES = [
  { label: "1 min", seconds: 60 },
  { label: "10 min", seconds: 600 },
  { label: "1 h", seconds: 3600 },
  { label: "24 h", seconds: 86_400 },
] as const;

interface UserActionsProps {
  streamId: string;
  user: { id: string; username: string };
  /** Called after an action succeeded (e.g. to refresh a user card). */
  onDone?: () => void;
}

/** Timeout, ban and purge for one person, with an optional reason; the result or the error shows underneath. */
export function UserActions({ streamId, user, onDone }: UserActionsProps) {
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<string | null>(null);
  const { run, pending, error } = useAction();
  const api = useTRPCClient().moderation;
  const reasonOrUndefined = () => reason.trim() || undefined;

  async function act<T>(action: () => Promise<T>, describe: (value: T) => string) {
    setOutcome(null);
    const submittedReason = reason;
    const result = await run(action);
    if (!result.ok) return;
    setOutcome(describe(result.value));
    setReason((current) => (current === submittedReason ? "" : current));
    onDone?.();
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
            onClick={() =>
              void act(
                () => api.timeout.mutate({ streamId, userId: user.id, durationSeconds: choice.seconds, reason: reasonOrUndefined() }),
                () => `@${user.username} is timed out for ${choice.label}.`,
              )
            }
          >
            {choice.label}
          </button>
        ))}
      </div>
      <div className="mod-action-row">
        <button
          type="button"
          className="button button-small button-danger"
          disabled={pending}
          onClick={() =>
            void act(
              () => api.ban.mutate({ streamId, userId: user.id, reason: reasonOrUndefined() }),
              () => `@${user.username} is banned from this chat.`,
            )
          }
        >
          Ban
        </button>
        <button
          type="button"
          className="button button-small mod-button-quiet"
          disabled={pending}
          title="Delete their messages of the last hour, held ones included"
          onClick={() =>
            void act(
              () => api.purge.mutate({ streamId, userId: user.id, windowMinutes: 60, reason: reasonOrUndefined() }),
              ({ deleted }) => `Purged ${deleted} message${deleted === 1 ? "" : "s"} by @${user.username}.`,
            )
          }
        >
          Purge last hour
        </button>
      </div>
      <ActionOutcome outcome={outcome} error={error} />
    </div>
  );
}
