"use client";

import { ROLES } from "@onair/api/schemas";
import type { Role } from "@onair/db";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/lib/trpc";
import { AdminUserRow } from "./admin-user-row";
import { NO_SEARCH, userSearchInput, type UserSearch } from "./user-search-input";
import { Field } from "../ui/field";
import { ErrorLine } from "../ui/error-line";
import { LoadMoreButton } from "../ui/load-more-button";

interface UserSearchSectionProps {
  me: { id: string };
}

/** The admin's user list: a search by text and role, paged with `admin.users`. */
export function UserSearchSection({ me }: UserSearchSectionProps) {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const [roleFilter, setRoleFilter] = useState<Role | "">("");
  const [creatorsOnly, setCreatorsOnly] = useState(false);
  const [searched, setSearched] = useState<UserSearch>(NO_SEARCH);
  const users = useInfiniteQuery(
    trpc.admin.users.infiniteQueryOptions(userSearchInput(searched), {
      getNextPageParam: (page) => page.nextCursor,
      // While another search is read, the list shows the previous results.
      placeholderData: keepPreviousData,
    }),
  );
  const found = users.data?.pages.flatMap((page) => page.users) ?? [];

  function search(event: FormEvent) {
    event.preventDefault();
    setSearched({ query, role: roleFilter, creators: creatorsOnly });
  }

  return (
    <section className="mod-card" aria-labelledby="admin-users-heading">
      <h2 id="admin-users-heading">Users</h2>
      <form className="mod-inline-form admin-user-search" onSubmit={search} data-testid="user-search">
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
        <label className="admin-check">
          <input type="checkbox" checked={creatorsOnly} onChange={(event) => setCreatorsOnly(event.target.checked)} />
          Only creators
        </label>
        <button type="submit" className="button" disabled={users.isFetching}>
          Search
        </button>
      </form>
      <ErrorLine error={users.error} />
      {users.isPending ? (
        <p className="mod-empty-line muted">Loading…</p>
      ) : found.length === 0 ? (
        <p className="mod-empty-line muted">No users match.</p>
      ) : (
        <ul className="mod-user-list" data-testid="admin-users">
          {found.map((user) => (
            <AdminUserRow key={user.id} user={user} isMe={user.id === me.id} />
          ))}
        </ul>
      )}
      <LoadMoreButton hasMore={users.hasNextPage} loading={users.isFetching} onLoadMore={() => void users.fetchNextPage()}>
        More users
      </LoadMoreButton>
    </section>
  );
}
