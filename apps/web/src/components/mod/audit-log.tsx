"use client";

import type { ModerationLogView } from "@onair/api/events";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { formatDateTime } from "~/lib/format";
import { useTRPCClient } from "~/lib/trpc";
import { actionLabel } from "./format";
import { MODERATION_ACTIONS, type LogPage, type ModerationActionName } from "./types";
import { Field } from "./field";
import { useAction } from "./use-action";
import type { UserRef } from "./user-card";
import type { TabPanelProps } from "../ui/tabs";

type Who = "everyone" | "automatic" | "people";

interface LogFilter {
  actions: ModerationActionName[];
  who: Who;
  actorId: string;
  targetUserId: string;
}

const NO_FILTER: LogFilter = { actions: [], who: "everyone", actorId: "", targetUserId: "" };
const PAGE_SIZE = 50;

function matches(entry: ModerationLogView, filter: LogFilter): boolean {
  if (filter.actions.length && !filter.actions.includes(entry.action)) return false;
  if (filter.who === "automatic" && entry.actor) return false;
  if (filter.who === "people" && !entry.actor) return false;
  if (filter.actorId && entry.actor?.id !== filter.actorId) return false;
  if (filter.targetUserId && entry.targetUser?.id !== filter.targetUserId) return false;
  return true;
}

function logQuery(streamId: string, filter: LogFilter, cursor: string | null) {
  return {
    streamId,
    limit: PAGE_SIZE,
    cursor,
    ...(filter.actions.length ? { actions: filter.actions } : {}),
    ...(filter.who === "everyone" ? {} : { automatic: filter.who === "automatic" }),
    ...(filter.actorId.trim() ? { actorId: filter.actorId.trim() } : {}),
    ...(filter.targetUserId.trim() ? { targetUserId: filter.targetUserId.trim() } : {}),
  };
}

function newestFirst(entries: ModerationLogView[]): ModerationLogView[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return [...byId.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
}

function detailsText(details: Record<string, unknown>): string | null {
  const { messageIds: _messageIds, ...shown } = details;
  if (Object.keys(shown).length === 0) return null;
  const text = JSON.stringify(shown);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

interface AuditLogProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  initialPage: LogPage;
  /** Entries that arrived live (moderation.logged), newest first. */
  liveEntries: ModerationLogView[];
  /** Bumped when the live feed reconnected: entries logged while it was down never arrive live, so reload. */
  resyncVersion: number;
  onOpenUser: (user: UserRef) => void;
}

export function AuditLog({ streamId, initialPage, liveEntries, resyncVersion, onOpenUser, tabPanel }: AuditLogProps) {
  const api = useTRPCClient();
  const [entries, setEntries] = useState(initialPage.entries);
  const [nextCursor, setNextCursor] = useState(initialPage.nextCursor);
  const [draft, setDraft] = useState<LogFilter>(NO_FILTER);
  const [applied, setApplied] = useState<LogFilter>(NO_FILTER);
  const loading = useAction();
  const appliedRef = useRef(applied);
  appliedRef.current = applied;

  const shown = newestFirst([...liveEntries.filter((entry) => matches(entry, applied)), ...entries]);

  async function apply(filter: LogFilter) {
    const result = await loading.run(() => api.moderation.log.query(logQuery(streamId, filter, null)));
    if (!result.ok) return;
    setApplied(filter);
    setEntries(result.value.entries);
    setNextCursor(result.value.nextCursor);
  }

  useEffect(() => {
    if (resyncVersion === 0) return;
    const filter = appliedRef.current;
    api.moderation.log
      .query(logQuery(streamId, filter, null))
      .then((page) => {
        setEntries(page.entries);
        setNextCursor(page.nextCursor);
      })
      .catch((error: unknown) => console.error("[mod] audit log reload failed:", error));
    // Only a reconnect (a new resyncVersion) reloads; the applied filters are read from the ref.
  }, [api, resyncVersion, streamId]);

  async function loadMore() {
    if (!nextCursor) return;
    const result = await loading.run(() => api.moderation.log.query(logQuery(streamId, applied, nextCursor)));
    if (!result.ok) return;
    setEntries((current) => [...current, ...result.value.entries]);
    setNextCursor(result.value.nextCursor);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void apply(draft);
  }

  function filterBy(key: "actorId" | "targetUserId", userId: string) {
    const next = { ...draft, [key]: userId };
    setDraft(next);
    void apply(next);
  }

  function toggleAction(action: ModerationActionName, on: boolean) {
    setDraft((current) => ({
      ...current,
      actions: on ? [...current.actions, action] : current.actions.filter((known) => known !== action),
    }));
  }

  const exportQuery = (format: "csv" | "json") => {
    const params = new URLSearchParams({ streamId, format });
    for (const action of applied.actions) params.append("action", action);
    if (applied.who !== "everyone") params.set("automatic", String(applied.who === "automatic"));
    if (applied.actorId.trim()) params.set("actorId", applied.actorId.trim());
    if (applied.targetUserId.trim()) params.set("targetUserId", applied.targetUserId.trim());
    return `/api/moderation-log?${params.toString()}`;
  };

  return (
    <section className="mod-panel mod-panel-log" data-panel="log" aria-labelledby="mod-log-heading" {...tabPanel}>
      <div className="mod-panel-header">
        <h2 id="mod-log-heading">Audit log</h2>
        <span className="mod-exports">
          <a href={exportQuery("csv")} download data-testid="export-csv">
            Export CSV
          </a>
          <a href={exportQuery("json")} download data-testid="export-json">
            Export JSON
          </a>
        </span>
      </div>
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
            <select id={id} value={draft.who} onChange={(event) => setDraft({ ...draft, who: event.target.value as Who })}>
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
              onChange={(event) => setDraft({ ...draft, actorId: event.target.value })}
              placeholder="any"
            />
          )}
        </Field>
        <Field label="Target user id">
          {(id) => (
            <input
              id={id}
              value={draft.targetUserId}
              onChange={(event) => setDraft({ ...draft, targetUserId: event.target.value })}
              placeholder="any"
            />
          )}
        </Field>
        <div className="mod-form-actions">
          <button type="submit" className="button button-small" disabled={loading.pending}>
            Apply filters
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft(NO_FILTER);
              void apply(NO_FILTER);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {loading.error ? (
        <p className="form-error" role="alert">
          {loading.error}
        </p>
      ) : null}
      {shown.length === 0 ? (
        <p className="mod-empty-line muted">No entries{applied === NO_FILTER ? " yet" : " match these filters"}.</p>
      ) : (
        <ol className="mod-log" data-testid="audit-log">
          {shown.map((entry) => {
            const details = detailsText(entry.details);
            return (
              <li key={entry.id} className="mod-log-entry" data-testid="log-entry" data-action={entry.action}>
                <div className="mod-log-line">
                  <span className="chat-time">{formatDateTime(entry.createdAt)}</span>
                  <span className={`mod-log-action mod-log-action-${entry.action.split("_")[0]!.toLowerCase()}`}>
                    {actionLabel(entry.action)}
                  </span>
                  <span>
                    by{" "}
                    {entry.actor ? (
                      <button
                        type="button"
                        className="mod-author"
                        title="Show only this person's actions"
                        aria-label={`Show only actions by @${entry.actor.username}`}
                        onClick={() => filterBy("actorId", entry.actor!.id)}
                      >
                        @{entry.actor.username}
                      </button>
                    ) : (
                      <span className="muted">the filter</span>
                    )}
                  </span>
                  {entry.targetUser ? (
                    <span>
                      on{" "}
                      <button
                        type="button"
                        className="mod-author"
                        title="Open user card"
                        aria-label={`Open @${entry.targetUser.username}'s user card`}
                        onClick={() => onOpenUser(entry.targetUser!)}
                      >
                        @{entry.targetUser.username}
                      </button>{" "}
                      <button
                        type="button"
                        className="link-button mod-small"
                        aria-label={`Filter by @${entry.targetUser.username}`}
                        onClick={() => filterBy("targetUserId", entry.targetUser!.id)}
                      >
                        (filter)
                      </button>
                    </span>
                  ) : null}
                </div>
                {entry.reason ? (
                  <p className="mod-log-reason">
                    “<bdi>{entry.reason}</bdi>”
                  </p>
                ) : null}
                {details ? <code className="mod-log-details">{details}</code> : null}
              </li>
            );
          })}
        </ol>
      )}
      {nextCursor ? (
        <button
          type="button"
          className="button button-small mod-button-quiet mod-load-more"
          disabled={loading.pending}
          onClick={() => void loadMore()}
        >
          {loading.pending ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </section>
  );
}
