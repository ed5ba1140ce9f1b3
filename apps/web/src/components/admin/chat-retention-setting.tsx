"use client";

import type { RouterOutputs } from "@onair/api";
import type { ChatRetentionMode } from "@onair/db";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { formatDateTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { ActionOutcome } from "../ui/action-outcome";
import { ErrorLine } from "../ui/error-line";

const MAX_DAYS = 3650;
const RUNS_SHOWN = 10;

const MODES: { value: ChatRetentionMode; label: string; hint: string }[] = [
  { value: "ARCHIVE", label: "Archive", hint: "Moved to a compressed archive: replays and chat history still show it." },
  { value: "DELETE", label: "Delete", hint: "Gone for good: replays no longer show it." },
];

type ArchiveRun = RouterOutputs["admin"]["archiveRuns"][number];

interface Draft {
  keepForever: boolean;
  days: string;
  mode: ChatRetentionMode;
}

/** Whole days 1..3650, or the sentence saying what is wrong. */
function parseDays(text: string): { days: number } | { error: string } {
  if (!/^\d+$/.test(text.trim())) return { error: "Enter a whole number of days." };
  const days = Number(text.trim());
  if (days < 1) return { error: "Keep chat at least 1 day." };
  if (days > MAX_DAYS) return { error: `At most ${MAX_DAYS} days (ten years).` };
  return { days };
}

function savedSentence(days: number | null, mode: ChatRetentionMode): string {
  if (days === null) return "Chat is now kept forever.";
  return `Chat older than ${days} day${days === 1 ? "" : "s"} will be ${mode === "ARCHIVE" ? "archived" : "deleted"} by the next hourly run.`;
}

/** How long chat stays in the live table (`admin.settings` / `admin.setChatRetention`), and the archiver's last runs (`admin.archiveRuns`). */
export function ChatRetentionSetting() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { days: useId(), daysHint: useId(), daysError: useId() };
  const settings = useQuery(trpc.admin.settings.queryOptions());
  const saved: Draft | null = settings.data
    ? {
        keepForever: settings.data.chatRetentionDays === null,
        days: String(settings.data.chatRetentionDays ?? 90),
        mode: settings.data.chatRetentionMode,
      }
    : null;
  const [edited, setEdited] = useState<Draft | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const draft = edited ?? saved;
  const parsed = draft && !draft.keepForever ? parseDays(draft.days) : null;
  const daysError = parsed && "error" in parsed ? parsed.error : null;
  const changed =
    draft !== null &&
    saved !== null &&
    (draft.keepForever !== saved.keepForever || draft.mode !== saved.mode || (!draft.keepForever && draft.days.trim() !== saved.days));

  const save = useMutation(
    trpc.admin.setChatRetention.mutationOptions({
      onMutate: () => setOutcome(null),
      onSuccess: async (updated) => {
        queryClient.setQueryData(trpc.admin.settings.queryKey(), updated);
        setEdited(null);
        setOutcome(savedSentence(updated.chatRetentionDays, updated.chatRetentionMode));
        await queryClient.invalidateQueries(trpc.admin.log.pathFilter());
      },
    }),
  );
  const edit = (change: Partial<Draft>) => {
    if (draft) setEdited({ ...draft, ...change });
  };

  return (
    <section className="mod-card" aria-labelledby="admin-retention-heading">
      <h2 id="admin-retention-heading">Chat retention</h2>
      <p className="muted admin-retention-intro">
        Chat older than the retention period leaves the live chat table once an hour. Messages the audit log names stay, and the audit log
        itself is never deleted.
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!draft || daysError) return;
          save.mutate({ days: draft.keepForever ? null : Number(draft.days.trim()), mode: draft.mode });
        }}
        data-testid="chat-retention-setting"
      >
        <fieldset className="admin-policy" disabled={!draft || save.isPending}>
          <legend className="visually-hidden">How long chat is kept</legend>
          <label className="admin-policy-option">
            <input type="radio" name="retention-keep" checked={draft?.keepForever ?? false} onChange={() => edit({ keepForever: true })} />
            <span>
              <strong>Keep chat forever</strong> <span className="muted">Nothing is archived or deleted.</span>
            </span>
          </label>
          <label className="admin-policy-option">
            <input
              type="radio"
              name="retention-keep"
              checked={draft ? !draft.keepForever : false}
              onChange={() => edit({ keepForever: false })}
            />
            <span>
              <strong>Keep chat for a number of days</strong>
            </span>
          </label>
        </fieldset>
        {draft && !draft.keepForever ? (
          <div className="admin-retention-details">
            <div className="mod-field">
              <label htmlFor={ids.days}>Days in the live chat</label>
              <input
                id={ids.days}
                inputMode="numeric"
                className="admin-retention-days"
                value={draft.days}
                onChange={(event) => edit({ days: event.target.value })}
                aria-invalid={daysError ? true : undefined}
                aria-describedby={daysError ? `${ids.daysHint} ${ids.daysError}` : ids.daysHint}
                disabled={save.isPending}
              />
              <span id={ids.daysHint} className="muted admin-retention-hint">
                1 to {MAX_DAYS} days (90 keeps about three months).
              </span>
              {daysError ? (
                <span id={ids.daysError} className="form-error">
                  {daysError}
                </span>
              ) : null}
            </div>
            <fieldset className="admin-policy" disabled={save.isPending}>
              <legend>Older chat is</legend>
              {MODES.map((mode) => (
                <label key={mode.value} className="admin-policy-option">
                  <input
                    type="radio"
                    name="retention-mode"
                    value={mode.value}
                    checked={draft.mode === mode.value}
                    onChange={() => edit({ mode: mode.value })}
                  />
                  <span>
                    <strong>{mode.label}</strong> <span className="muted">{mode.hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          </div>
        ) : null}
        <button type="submit" className="button button-small" disabled={!changed || daysError !== null || save.isPending}>
          Save
        </button>
      </form>
      <ActionOutcome outcome={outcome} error={save.error?.message ?? settings.error?.message ?? null} />
      <ArchiveRuns />
    </section>
  );
}

function runStatus(run: ArchiveRun): string {
  if (run.error) return run.error;
  return run.finishedAt ? `Done ${formatDateTime(run.finishedAt)}` : "Running…";
}

/** The archiver's latest runs, newest first. */
function ArchiveRuns() {
  const trpc = useTRPC();
  const runs = useQuery(trpc.admin.archiveRuns.queryOptions({ limit: RUNS_SHOWN }));
  return (
    <div className="admin-retention-runs">
      <div className="mod-panel-header">
        <h3 id="admin-archive-runs-heading">Recent archiver runs</h3>
        <button type="button" className="link-button" onClick={() => void runs.refetch()} disabled={runs.isFetching}>
          Refresh
        </button>
      </div>
      <ErrorLine error={runs.error} />
      {runs.isPending ? (
        <p className="mod-empty-line muted">Loading…</p>
      ) : !runs.data || runs.data.length === 0 ? (
        <p className="mod-empty-line muted">No runs yet: the archiver runs once an hour while a retention period is set.</p>
      ) : (
        <ol className="mod-log" aria-labelledby="admin-archive-runs-heading" data-testid="archive-runs">
          {runs.data.map((run) => (
            <li key={run.id} className="mod-log-entry" data-testid="archive-run">
              <div className="mod-log-line">
                <span className="chat-time">{formatDateTime(run.startedAt)}</span>
                <span className="mod-log-action">
                  {run.mode === "ARCHIVE" ? `${run.archived.toLocaleString()} archived` : `${run.deleted.toLocaleString()} deleted`}
                </span>
                <span className="muted">chat before {formatDateTime(run.cutoff)}</span>
              </div>
              <p className={run.error ? "form-error admin-retention-run-status" : "muted admin-retention-run-status"}>{runStatus(run)}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
