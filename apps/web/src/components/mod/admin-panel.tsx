"use client";

import type { RouterOutputs } from "@onair/api";
import { ROLES } from "@onair/api/schemas";
import type { Role } from "@onair/db";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "~/lib/format";
import { useTRPCClient } from "~/lib/trpc";
import { actionLabel } from "./format";
import type { AdminUser } from "./types";
import { Field } from "./field";
import { ActionOutcome } from "./action-outcome";
import { useAction } from "./use-action";

type UsersPage = RouterOutputs["admin"]["users"];
type GlobalLogPage = RouterOutputs["admin"]["log"];

const PAGE_SIZE = 25;

interface AdminPanelProps {
  me: { id: string };
  initialUsers: UsersPage;
  initialLog: GlobalLogPage;
}

export function AdminPanel({ me, initialUsers, initialLog }: AdminPanelProps) {
  const api = useTRPCClient();
  const [query, setQuery] = useState("");
  const [roleFilter, setRoleFilter] = useState<Role | "">("");
  const [searched, setSearched] = useState<{ query: string; role: Role | "" }>({ query: "", role: "" });
  const [users, setUsers] = useState(initialUsers.users);
  const [usersCursor, setUsersCursor] = useState(initialUsers.nextCursor);
  const [log, setLog] = useState(initialLog.entries);
  const [logCursor, setLogCursor] = useState(initialLog.nextCursor);
  const searching = useAction();
  const loadingLog = useAction();

  function usersQuery(search: { query: string; role: Role | "" }, cursor: string | null) {
    return {
      limit: PAGE_SIZE,
      cursor,
      ...(search.query.trim() ? { query: search.query.trim() } : {}),
      ...(search.role ? { role: search.role } : {}),
    };
  }

  async function search(event: FormEvent) {
    event.preventDefault();
    const next = { query, role: roleFilter };
    const result = await searching.run(() => api.admin.users.query(usersQuery(next, null)));
    if (!result.ok) return;
    setSearched(next);
    setUsers(result.value.users);
    setUsersCursor(result.value.nextCursor);
  }

  async function moreUsers() {
    if (!usersCursor) return;
    const result = await searching.run(() => api.admin.users.query(usersQuery(searched, usersCursor)));
    if (!result.ok) return;
    setUsers((current) => [...current, ...result.value.users]);
    setUsersCursor(result.value.nextCursor);
  }

  async function reloadLog() {
    const result = await loadingLog.run(() => api.admin.log.query({ limit: PAGE_SIZE }));
    if (!result.ok) return;
    setLog(result.value.entries);
    setLogCursor(result.value.nextCursor);
  }

  async function moreLog() {
    if (!logCursor) return;
    const result = await loadingLog.run(() => api.admin.log.query({ limit: PAGE_SIZE, cursor: logCursor }));
    if (!result.ok) return;
    setLog((current) => [...current, ...result.value.entries]);
    setLogCursor(result.value.nextCursor);
  }

  return (
    <div className="mod-admin">
      <h1>Admin</h1>
      <section className="mod-card" aria-labelledby="admin-users-heading">
        <h2 id="admin-users-heading">Users</h2>
        <form className="mod-inline-form" onSubmit={(event) => void search(event)} data-testid="user-search">
          <Field label="Search username, name or email">
            {(id) => (
              <input
                id={id}
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                maxLength={60}
                placeholder="e.g. vic"
              />
            )}
          </Field>
          <Field label="Role">
            {(id) => (
              <select id={id} value={roleFilter} onChange={(event) => setRoleFilter(event.target.value as Role | "")}>
                <option value="">Any role</option>
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role.toLowerCase()}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="button" disabled={searching.pending}>
            Search
          </button>
        </form>
        {searching.error ? (
          <p className="form-error" role="alert">
            {searching.error}
          </p>
        ) : null}
        {users.length === 0 ? (
          <p className="mod-empty-line muted">No users match.</p>
        ) : (
          <ul className="mod-user-list" data-testid="admin-users">
            {users.map((user) => (
              <AdminUserRow
                key={user.id}
                user={user}
                isMe={user.id === me.id}
                onChanged={(updated) => {
                  setUsers((current) => current.map((known) => (known.id === updated.id ? updated : known)));
                  void reloadLog();
                }}
                onLogChanged={() => void reloadLog()}
              />
            ))}
          </ul>
        )}
        {usersCursor ? (
          <button
            type="button"
            className="button button-small mod-button-quiet mod-load-more"
            disabled={searching.pending}
            onClick={() => void moreUsers()}
          >
            More users
          </button>
        ) : null}
      </section>

      <section className="mod-card" aria-labelledby="admin-log-heading">
        <div className="mod-panel-header">
          <h2 id="admin-log-heading">Audit log (all streams and site-wide)</h2>
          <button type="button" className="link-button" onClick={() => void reloadLog()} disabled={loadingLog.pending}>
            Refresh
          </button>
        </div>
        {loadingLog.error ? (
          <p className="form-error" role="alert">
            {loadingLog.error}
          </p>
        ) : null}
        {log.length === 0 ? (
          <p className="mod-empty-line muted">Nothing logged yet.</p>
        ) : (
          <ol className="mod-log" data-testid="admin-log">
            {log.map((entry) => (
              <li key={entry.id} className="mod-log-entry" data-testid="log-entry" data-action={entry.action}>
                <div className="mod-log-line">
                  <span className="chat-time">{formatDateTime(entry.createdAt)}</span>
                  <span className="mod-log-action">{actionLabel(entry.action)}</span>
                  <span>by {entry.actor ? `@${entry.actor.username}` : <span className="muted">the filter</span>}</span>
                  {entry.targetUser ? <span>on @{entry.targetUser.username}</span> : null}
                  {entry.stream ? (
                    <Link href={`/mod/${entry.stream.slug}`}>/s/{entry.stream.slug}</Link>
                  ) : (
                    <span className="muted">{entry.streamId === null ? "site-wide" : "deleted stream"}</span>
                  )}
                </div>
                {entry.reason ? (
                  <p className="mod-log-reason">
                    “<bdi>{entry.reason}</bdi>”
                  </p>
                ) : null}
                {Object.keys(entry.details).length ? (
                  <code className="mod-log-details">{JSON.stringify(entry.details).slice(0, 200)}</code>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {logCursor ? (
          <button
            type="button"
            className="button button-small mod-button-quiet mod-load-more"
            disabled={loadingLog.pending}
            onClick={() => void moreLog()}
          >
            Load more
          </button>
        ) : null}
      </section>
    </div>
  );
}

function AdminUserRow(props: { user: AdminUser; isMe: boolean; onChanged: (user: AdminUser) => void; onLogChanged: () => void }) {
  const api = useTRPCClient();
  const { user } = props;
  const [role, setRole] = useState<Role>(user.role);
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<string | null>(null);
  const { run, pending, error } = useAction();

  async function changeRole() {
    setOutcome(null);
    const result = await run(() => api.admin.setRole.mutate({ userId: user.id, role }));
    if (!result.ok) return;
    setOutcome(`@${user.username} is now ${result.value.role.toLowerCase()}.`);
    props.onChanged({ ...user, ...result.value });
  }

  async function ban() {
    setOutcome(null);
    const submittedReason = reason;
    const result = await run(() => api.admin.ban.mutate({ userId: user.id, reason: submittedReason.trim() || undefined }));
    if (!result.ok) return;
    setOutcome(`@${user.username} is banned from chatting anywhere on OnAir.`);
    setReason((current) => (current === submittedReason ? "" : current));
    props.onChanged({ ...user, bannedGlobally: true });
    props.onLogChanged();
  }

  async function unban() {
    setOutcome(null);
    const result = await run(() => api.admin.unban.mutate({ userId: user.id }));
    if (!result.ok) return;
    setOutcome(`@${user.username}'s site-wide ban is lifted.`);
    props.onChanged({ ...user, bannedGlobally: false });
    props.onLogChanged();
  }

  return (
    <li className="mod-user" data-testid="admin-user" data-username={user.username}>
      <div className="mod-user-who">
        <strong>
          <bdi>{user.name ?? user.username}</bdi>
        </strong>{" "}
        <span className="muted">@{user.username}</span>
        <span className={`mod-role mod-role-${user.role.toLowerCase()}`}>{user.role.toLowerCase()}</span>
        {user.bannedGlobally ? (
          <span className="mod-role mod-role-banned" data-testid="banned-globally">
            banned
          </span>
        ) : null}
        {props.isMe ? <span className="muted"> (you)</span> : null}
        <div className="muted mod-small">
          {user.email ?? "no email"} · joined {formatDateTime(user.createdAt)}
        </div>
      </div>
      {props.isMe ? null : (
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
            onClick={() => void changeRole()}
            aria-label={`Set role of @${user.username}`}
          >
            Set role
          </button>
          {user.bannedGlobally ? (
            <button
              type="button"
              className="button button-small mod-button-quiet"
              disabled={pending}
              onClick={() => void unban()}
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
              <button type="button" className="button button-small button-danger" disabled={pending} onClick={() => void ban()}>
                Ban @{user.username} everywhere
              </button>
            </>
          )}
        </div>
      )}
      <ActionOutcome outcome={outcome} error={error} />
    </li>
  );
}
