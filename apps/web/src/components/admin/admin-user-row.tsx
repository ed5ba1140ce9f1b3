"use client";

import { ROLES } from "@onair/api/schemas";
import type { Role } from "@onair/db";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { ActionOutcome } from "../ui/action-outcome";
import type { AdminUser } from "../mod/types";

type ActionName = "setRole" | "setCreator" | "ban" | "unban";

/**
 * One user in the admin's list, with their global role and a site-wide ban. Each change invalidates the
 * user list and the site-wide log, which then show it; the row says what happened (or why it failed).
 */
export function AdminUserRow({ user, isMe }: { user: AdminUser; isMe: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<string | null>(null);
  const [lastAction, setLastAction] = useState<ActionName | null>(null);
  const refreshLists = () =>
    Promise.all([queryClient.invalidateQueries(trpc.admin.users.pathFilter()), queryClient.invalidateQueries(trpc.admin.log.pathFilter())]);
  const actions = {
    setRole: useMutation(trpc.admin.setRole.mutationOptions({ onSuccess: refreshLists })),
    setCreator: useMutation(trpc.admin.setCreator.mutationOptions({ onSuccess: refreshLists })),
    ban: useMutation(trpc.admin.ban.mutationOptions({ onSuccess: refreshLists })),
    unban: useMutation(trpc.admin.unban.mutationOptions({ onSuccess: refreshLists })),
  };
  const pending = Object.values(actions).some((action) => action.isPending);
  const error = lastAction ? actions[lastAction].error : null;
  // The switch shows the change at once; until the refreshed list arrives (or on failure) the server's value.
  const creatorShown = actions.setCreator.isPending ? actions.setCreator.variables.canCreate : user.canCreateStreams;

  function begin(action: ActionName) {
    setOutcome(null);
    setLastAction(action);
  }

  function changeRole() {
    begin("setRole");
    actions.setRole.mutate(
      { userId: user.id, role },
      { onSuccess: (updated) => setOutcome(`@${user.username} is now ${updated.role.toLowerCase()}.`) },
    );
  }

  function setCreator(canCreate: boolean) {
    begin("setCreator");
    actions.setCreator.mutate(
      { userId: user.id, canCreate },
      {
        onSuccess: () => setOutcome(canCreate ? `@${user.username} may now create streams.` : `@${user.username} is no longer a creator.`),
      },
    );
  }

  function ban() {
    begin("ban");
    const submittedReason = reason;
    actions.ban.mutate(
      { userId: user.id, reason: submittedReason.trim() || undefined },
      {
        onSuccess: () => {
          setOutcome(`@${user.username} is banned from chatting anywhere on OnAir.`);
          setReason((current) => (current === submittedReason ? "" : current));
        },
      },
    );
  }

  function unban() {
    begin("unban");
    actions.unban.mutate({ userId: user.id }, { onSuccess: () => setOutcome(`@${user.username}'s site-wide ban is lifted.`) });
  }

  return (
    <li className="mod-user" data-testid="admin-user" data-username={user.username}>
      <div className="mod-user-who">
        <strong>
          <bdi>{user.name ?? user.username}</bdi>
        </strong>{" "}
        <span className="muted">@{user.username}</span>
        <span className={`mod-role mod-role-${user.role.toLowerCase()}`}>{user.role.toLowerCase()}</span>
        {user.canCreateStreams ? (
          <span className="mod-role mod-role-creator" data-testid="creator-badge">
            creator
          </span>
        ) : null}
        {user.bannedGlobally ? (
          <span className="mod-role mod-role-banned" data-testid="banned-globally">
            banned
          </span>
        ) : null}
        {isMe ? <span className="muted"> (you)</span> : null}
        <div className="muted mod-small">
          {user.email ?? "no email"} · joined {formatDateTime(user.createdAt)}
        </div>
      </div>
      {isMe ? null : (
        <div className="mod-user-controls">
          <select value={role} onChange={(event) => setRole(event.target.value as Role)} aria-label={`Role for @${user.username}`}>
            {ROLES.map((choice) => (
              <option key={choice} value={choice}>
                {choice.toLowerCase()}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-small"
            disabled={pending || role === user.role}
            onClick={changeRole}
            aria-label={`Set role of @${user.username}`}
          >
            Set role
          </button>
          <label className="admin-check" title="May create streams while only creators may">
            <input
              type="checkbox"
              role="switch"
              checked={creatorShown}
              disabled={pending}
              onChange={(event) => setCreator(event.target.checked)}
              aria-label={`Creator: @${user.username} may create streams`}
              data-testid="creator-toggle"
            />
            Creator
          </label>
          {user.bannedGlobally ? (
            <button
              type="button"
              className="button button-small mod-button-quiet"
              disabled={pending}
              onClick={unban}
              aria-label={`Unban @${user.username} everywhere`}
            >
              Unban
            </button>
          ) : (
            <>
              <input
                className="mod-reason-input"
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                placeholder="Ban reason (optional)"
                maxLength={500}
                aria-label={`Ban reason for @${user.username}`}
              />
              <button type="button" className="button button-small button-danger" disabled={pending} onClick={ban}>
                Ban @{user.username} everywhere
              </button>
            </>
          )}
        </div>
      )}
      <ActionOutcome outcome={outcome} error={error?.message ?? null} />
    </li>
  );
}
