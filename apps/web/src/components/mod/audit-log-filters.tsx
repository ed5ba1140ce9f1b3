"use client";

import type { FormEvent } from "react";
import { NO_FILTER, type LogFilter, type Who } from "./audit-log-filter";
import { Field } from "../ui/field";
import { actionLabel } from "./format";
import { MODERATION_ACTIONS, type ModerationActionName } from "./types";

interface AuditLogFiltersProps {
  draft: LogFilter;
  onDraftChange: (draft: LogFilter) => void;
  /** Shows the log under these filters. */
  onApply: (filter: LogFilter) => void;
  /** While a page is read, applying again waits. */
  loading: boolean;
}

/** The audit log's filter form: the fields edit a draft; "Apply filters" (or "Clear") reads the log again. */
export function AuditLogFilters({ draft, onDraftChange, onApply, loading }: AuditLogFiltersProps) {
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  function toggleAction(action: ModerationActionName, on: boolean) {
    onDraftChange({ ...draft, actions: on ? [...draft.actions, action] : draft.actions.filter((known) => known !== action) });
  }

  return (
    <form className="mod-log-filters" onSubmit={onSubmit} data-testid="log-filters">
      <details className="mod-log-actions">
        <summary>Actions{draft.actions.length ? ` (${draft.actions.length})` : ": all"}</summary>
        <div className="mod-log-action-grid">
          {MODERATION_ACTIONS.map((action) => (
            <label key={action} className="mod-check">
              <input
                type="checkbox"
                checked={draft.actions.includes(action)}
                onChange={(event) => toggleAction(action, event.target.checked)}
              />
              <span>{actionLabel(action)}</span>
            </label>
          ))}
        </div>
      </details>
      <Field label="Who">
        {(id) => (
          <select id={id} value={draft.who} onChange={(event) => onDraftChange({ ...draft, who: event.target.value as Who })}>
            <option value="everyone">People and the filter</option>
            <option value="people">People only</option>
            <option value="automatic">Automatic (filter) only</option>
          </select>
        )}
      </Field>
      <Field label="Actor user id">
        {(id) => (
          <input
            id={id}
            value={draft.actorId}
            onChange={(event) => onDraftChange({ ...draft, actorId: event.target.value })}
            placeholder="any"
          />
        )}
      </Field>
      <Field label="Target user id">
        {(id) => (
          <input
            id={id}
            value={draft.targetUserId}
            onChange={(event) => onDraftChange({ ...draft, targetUserId: event.target.value })}
            placeholder="any"
          />
        )}
      </Field>
      <div className="mod-form-actions">
        <button type="submit" className="button button-small" disabled={loading}>
          Apply filters
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onDraftChange(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
