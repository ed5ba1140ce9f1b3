"use client";

import Link from "next/link";
import { useStreamEvents } from "~/components/stream/stream-events";
import { ShieldToggle } from "./shield-toggle";
import type { StreamRole } from "./types";

/** The stream's live status and title, the moderator's role here, and the Shield mode switch. */
export function ModDashboardHeader({ streamId, slug, role }: { streamId: string; slug: string; role: StreamRole }) {
  const { status, title, chatSettings, setChatSettings } = useStreamEvents();
  return (
    <header className="mod-dashboard-header">
      <div className="mod-dashboard-title">
        <p className="muted mod-breadcrumb">
          <Link href="/mod">Moderation</Link> / <Link href={`/s/${slug}`}>/s/{slug}</Link>
        </p>
        <h1>
          {status === "LIVE" ? <span className="badge badge-live">LIVE</span> : null}
          {status === "SCHEDULED" ? <span className="badge mod-badge-muted">UPCOMING</span> : null}
          {status === "ENDED" ? <span className="badge mod-badge-muted">ENDED</span> : null} <bdi>{title}</bdi>
        </h1>
        <p className="muted mod-role-line">
          You are {role === "moderator" ? "a moderator" : role === "owner" ? "the owner" : "an admin"} here
        </p>
      </div>
      <ShieldToggle streamId={streamId} enabled={chatSettings.shieldMode} onChanged={setChatSettings} />
    </header>
  );
}
