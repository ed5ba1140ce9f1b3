"use client";

import { useState, type FormEvent } from "react";
import { formatDateTime } from "~/lib/format";
import { useTRPCClient } from "~/lib/trpc";
import type { StreamModerator } from "./types";
import { Field } from "./field";
import { useAction } from "./use-action";
import { useReloadedList } from "./use-reloaded-list";
import type { TabPanelProps } from "../ui/tabs";

interface ModeratorsPanelProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  owner: { id: string; username: string; name: string | null };
  /** The owner and admins appoint and remove moderators; moderators only see the list. */
  canManage: boolean;
  initialModerators: StreamModerator[];
  /** Bumped by the dashboard when the audit log reports a moderator change: reload the list. */
  version: number;
}

export function ModeratorsPanel({ streamId, owner, canManage, initialModerators, version, tabPanel }: ModeratorsPanelProps) {
  const api = useTRPCClient();
  const {
    items: moderators,
    setItems: setModerators,
    listError,
  } = useReloadedList(initialModerators, version, () => api.moderation.moderators.query({ streamId }));
  const [username, setUsername] = useState("");
  const adding = useAction();

  async function add(event: FormEvent) {
    event.preventDefault();
    const submitted = username;
    const result = await adding.run(() => api.moderation.addModerator.mutate({ streamId, username: submitted }));
    if (!result.ok) return;
    const user = result.value;
    setModerators((current) =>
      current.some((moderator) => moderator.user.id === user.id)
        ? current
        : [...current, { createdAt: new Date(), user, appointedBy: null }],
    );
    setUsername((current) => (current === submitted ? "" : current));
  }

  return (
    <section className="mod-panel mod-panel-team" data-panel="team" aria-labelledby="mod-team-heading" {...tabPanel}>
      <div className="mod-panel-header">
        <h2 id="mod-team-heading">Moderators</h2>
      </div>
      <p className="muted mod-help">
        Owner:{" "}
        <strong>
          <bdi>{owner.name ?? owner.username}</bdi>
        </strong>{" "}
        (@{owner.username}). OnAir&apos;s global moderators and admins can moderate every stream as well.
      </p>
      {canManage ? (
        <form className="mod-inline-form" onSubmit={(event) => void add(event)} data-testid="add-moderator-form">
          <Field label="Add a moderator by username">
            {(id) => (
              <input
                id={id}
                value={username}
                onChange={(event) => setUsername(event.target.value)}
                placeholder="@username"
                maxLength={25}
                required
              />
            )}
          </Field>
          <button type="submit" className="button" disabled={adding.pending || username.trim() === ""}>
            Add moderator
          </button>
          {adding.error ? (
            <p className="form-error mod-form-wide" role="alert">
              {adding.error}
            </p>
          ) : null}
        </form>
      ) : null}
      {listError ? (
        <p className="form-error" role="alert">
          {listError}
        </p>
      ) : null}
      {moderators.length === 0 ? (
        <p className="mod-empty-line muted">No moderators appointed for this stream.</p>
      ) : (
        <ul className="mod-plain-list mod-moderators" data-testid="moderators-list">
          {moderators.map((moderator) => (
            <ModeratorRow
              key={moderator.user.id}
              streamId={streamId}
              moderator={moderator}
              canManage={canManage}

              onRemoved={() => setModerators((current) => current.filter((known) => known.user.id !== moderator.user.id))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ModeratorRow(props: { streamId: string; moderator: StreamModerator; canManage: boolean; onRemoved: () => void }) {
  const api = useTRPCClient();
  const { run, pending, error } = useAction();
  const { user, appointedBy, createdAt } = props.moderator;

  async function remove() {
    const result = await run(() => api.moderation.removeModerator.mutate({ streamId: props.streamId, userId: user.id }));
    if (result.ok) props.onRemoved();
  }

  return (
    <li className="mod-moderator" data-testid="moderator">
      <span>
        <strong>
          <bdi>{user.name ?? user.username}</bdi>
        </strong>{" "}
        <span className="muted">@{user.username}</span>
      </span>
      <span className="muted mod-moderator-since">
        since {formatDateTime(createdAt)}
        {appointedBy ? ` · added by @${appointedBy.username}` : ""}
      </span>
      {props.canManage ? (
        <button
          type="button"
          className="mod-icon-button mod-icon-button-danger"
          disabled={pending}
          onClick={() => void remove()}
          aria-label={`Remove moderator @${user.username}`}
        >
          Remove
        </button>
      ) : null}
      {error ? (
        <p className="form-error mod-form-wide" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
