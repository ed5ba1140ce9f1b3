"use client";

import type { RouterOutputs } from "@onair/api";
import { SiteLog } from "./site-log";
import { UserSearchSection } from "./user-search";

interface AdminPanelProps {
  me: { id: string };
  /** The first page of users and of the site-wide log, read by the server render. */
  initialUsers?: RouterOutputs["admin"]["users"];
  initialLog?: RouterOutputs["admin"]["log"];
}

/** /admin: find users and change their global role or ban; the audit log of every stream and of the site. */
export function AdminPanel({ me, initialUsers, initialLog }: AdminPanelProps) {
  return (
    <div className="mod-admin">
      <h1>Admin</h1>
      <UserSearchSection me={me} initialUsers={initialUsers} />
      <SiteLog initialLog={initialLog} />
    </div>
  );
}
