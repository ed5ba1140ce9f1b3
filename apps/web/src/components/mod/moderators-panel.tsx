"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import type { StreamModerator } from "./types";
import { Field } from "../ui/field";
import { ErrorLine } from "../ui/error-line";
import type { TabPanelProps } from "../ui/tabs";

interface ModeratorsPanelProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  owner: { id: string; username: string; name: string | null };
  /** The owner and admins appoint and remove moderators; moderators only see the list. */
  canManage: boolean;
}

/** The stream's moderators (`moderation.moderators`); the dashboard invalidates the list when anyone changes it. */
export function ModeratorsPanel({ streamId, owner, canManage, tabPanel }: ModeratorsPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const moderatorsQuery = useQuery(trpc.moderation.moderators.queryOptions({ streamId }));
  const moderators = moderatorsQuery.data ?? [];
  const [username, setUsername] = useState("");
  const addModerator = useMutation(
    trpc.moderation.addModerator.mutationOptions({
      onSuccess: async (_user, submitted) => {
        setUsername((current) => (current === submitted.username ? "" : current));
        await queryClient.invalidateQueries({ queryKey: trpc.moderation.moderators.queryKey({ streamId }) });
      },
    }),
  );

  function add(event: FormEvent) {
    event.preventDefault();
    addModerator.mutate({ streamId, username });
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
        <form className="mod-inline-form" onSubmit={add} data-testid="add-moderator-form">
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
          <button type="submit" className="button" disabled={addModerator.isPending || username.trim() === ""}>
            Add moderator
          </button>
          <ErrorLine className="mod-form-wide" error={addModerator.error} />
        </form>
      ) : null}
      <ErrorLine error={moderatorsQuery.error} />
      {moderatorsQuery.isPending ? (
        <p className="mod-empty-line muted">Loading…</p>
      ) : moderators.length === 0 ? (
        <p className="mod-empty-line muted">No moderators appointed for this stream.</p>
      ) : (
        <ul className="mod-plain-list mod-moderators" data-testid="moderators-list">
          {moderators.map((moderator) => (
            <ModeratorRow key={moderator.user.id} streamId={streamId} moderator={moderator} canManage={canManage} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ModeratorRow(props: { streamId: string; moderator: StreamModerator; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { streamId } = props;
  const { user, appointedBy, createdAt } = props.moderator;
  const removeModerator = useMutation(
    trpc.moderation.removeModerator.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.moderation.moderators.queryKey({ streamId }) }),
    }),
  );

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
          disabled={removeModerator.isPending}
          onClick={() => removeModerator.mutate({ streamId, userId: user.id })}
          aria-label={`Remove moderator @${user.username}`}
        >
          Remove
        </button>
      ) : null}
      <ErrorLine className="mod-form-wide" error={removeModerator.error} />
    </li>
  );
}
