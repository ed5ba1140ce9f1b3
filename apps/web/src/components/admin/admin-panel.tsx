"use client";

import { SiteLog } from "./site-log";
import { UserSearchSection } from "./user-search";

interface AdminPanelProps {
  me: { id: string };
}

/** /admin: find users and change their global role or ban; the audit log of every stream and of the site. */
export function AdminPanel({ me }: AdminPanelProps) {
  return (
    <div className="mod-admin">
      <h1>Admin</h1>
      <UserSearchSection me={me} />
      <SiteLog />
    </div>
  );
}
