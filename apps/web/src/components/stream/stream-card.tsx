import Link from "next/link";
import type { ReactNode } from "react";
import type { RouterOutputs } from "@onair/api";
import { formatDateTime } from "~/lib/format";
import { thumbnailOf } from "../browse/thumbnail";
import "./stream-card.css";

type StreamSummary = RouterOutputs["stream"]["list"]["items"][number];

/**
 * A stream in a grid: the whole card opens the stream (its title link covers the card), and the
 * owner's name, above that link, opens their channel. `action`: a control under the text (it
 * must sit above the title link too, like the owner's name).
 */
export function StreamCard({ stream, action }: { stream: StreamSummary; action?: ReactNode }) {
  const thumbnail = thumbnailOf(stream);
  return (
    <article className="stream-card" data-testid="stream-card">
      {/* A background image: when the thumbnail cannot load, the gradient shows instead of a broken image. */}
      <div className="stream-thumb" style={thumbnail ? { backgroundImage: `url("${thumbnail}")` } : undefined}>
        {stream.status === "LIVE" ? <span className="badge badge-live">LIVE</span> : null}
      </div>
      <div className="stream-card-body">
        <h3>
          <Link href={`/s/${stream.slug}`} className="stream-card-link">
            <bdi>{stream.title}</bdi>
          </Link>
        </h3>
        <p className="muted">
          <Link href={`/c/${stream.owner.username}`} className="stream-card-owner" data-testid="stream-card-owner">
            <bdi>{stream.owner.name ?? stream.owner.username}</bdi>
          </Link>
          {" · "}
          {stream.status === "LIVE" && `${stream.viewerCount} watching`}
          {stream.status === "SCHEDULED" && stream.scheduledStartAt && `Starts ${formatDateTime(stream.scheduledStartAt)}`}
          {stream.status === "ENDED" && stream.endedAt && `Ended ${formatDateTime(stream.endedAt)}`}
        </p>
        {action}
      </div>
    </article>
  );
}
