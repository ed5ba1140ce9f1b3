import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ShieldIcon } from "~/components/mod/shield-icon";
import { formatDateTime } from "~/lib/format";
import { serverApi } from "~/server/services";
import "~/components/mod/mod.css";

export const metadata: Metadata = { title: "Moderation" };
export const dynamic = "force-dynamic";

export default async function ModerationHomePage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/mod")}`);
  const streams = await api.moderation.myStreams();

  return (
    <div className="mod-home">
      <h1>Moderation</h1>
      {streams.length === 0 ? (
        <div className="mod-empty" data-testid="mod-empty">
          <p className="mod-empty-title">Nothing to moderate yet</p>
          <p className="muted">When a streamer makes you a moderator of their stream, it shows up here. Streams you own are listed too.</p>
          <Link href="/">Browse streams</Link>
        </div>
      ) : (
        <ul className="mod-stream-list" data-testid="mod-stream-list">
          {streams.map((stream) => (
            <li key={stream.id}>
              <Link href={`/mod/${stream.slug}`} className="mod-stream-row" data-testid="mod-stream">
                <span className="mod-stream-title">
                  {stream.status === "LIVE" ? <span className="badge badge-live">LIVE</span> : null}
                  {stream.status === "SCHEDULED" ? <span className="badge mod-badge-muted">UPCOMING</span> : null}
                  {stream.status === "ENDED" ? <span className="badge mod-badge-muted">ENDED</span> : null}
                  {stream.shieldMode ? (
                    <span className="badge mod-badge-shield" title="Shield mode is on">
                      <ShieldIcon /> SHIELD
                    </span>
                  ) : null}
                  <span>
                    <bdi>{stream.title}</bdi>
                  </span>
                </span>
                <span className="mod-stream-meta muted">
                  {stream.status === "LIVE" && stream.startedAt ? `Live since ${formatDateTime(stream.startedAt)}` : null}
                  {stream.status === "SCHEDULED" && stream.scheduledStartAt ? `Starts ${formatDateTime(stream.scheduledStartAt)}` : null}
                  {stream.status === "ENDED" && stream.endedAt ? `Ended ${formatDateTime(stream.endedAt)}` : null}
                </span>
                <span className={`mod-held-count${stream.heldCount > 0 ? " mod-held-count-waiting" : ""}`} data-testid="held-count">
                  {stream.heldCount === 0 ? "No messages held" : `${stream.heldCount} held for review`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
