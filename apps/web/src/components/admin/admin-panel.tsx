"use client";

import Link from "next/link";
import { ChatRetentionSetting } from "./chat-retention-setting";
import { SiteLog } from "./site-log";
import { StreamCreationSetting } from "./stream-creation-setting";
import { UserSearchSection } from "./user-search";

interface AdminPanelProps {
  me: { id: string };
}

/** /admin: who may create streams; how long chat is kept; find users and change their global role, creator right or ban; the audit log of every stream and of the site. */
export function AdminPanel({ me }: AdminPanelProps) {
  return (
    <div className="mod-admin">
      <h1>Admin</h1>
      <p className="admin-analytics-link">
        <Link href="/admin/analytics" data-testid="admin-analytics-link">
          Site analytics →
        </Link>
      </p>
      <StreamCreationSetting />
      <ChatRetentionSetting />
      <UserSearchSection me={me} />
      <SiteLog />
    </div>
  );
}
