import Link from "next/link";
import type { RouterOutputs } from "@onair/api";
import { formatDateTime } from "~/lib/format";

type StreamSummary = RouterOutputs["stream"]["list"]["items"][number];

export function StreamCard({ stream }: { stream: StreamSummary }) {
  const thumbnail = stream.videoProvider === "YOUTUBE" ? `https://i.ytimg.com/vi/${stream.videoSource}/hqdefault.jpg` : null;
  return (
    <Link href={`/s/${stream.slug}`} className="stream-card" data-testid="stream-card">
      {/* A background image: when the thumbnail cannot load, the gradient shows instead of a broken image. */}
      <div className="stream-thumb" style={thumbnail ? { backgroundImage: `url(${thumbnail})` } : undefined}>
        {stream.status === "LIVE" ? <span className="badge badge-live">LIVE</span> : null}
      </div>
      <div className="stream-card-body">
        <h3>
          <bdi>{stream.title}</bdi>
        </h3>
        <p className="muted">
          <bdi>{stream.owner.name ?? stream.owner.username}</bdi>
          {" · "}
          {stream.status === "LIVE" && `${stream.viewerCount} watching`}
          {stream.status === "SCHEDULED" && stream.scheduledStartAt && `Starts ${formatDateTime(stream.scheduledStartAt)}`}
          {stream.status === "ENDED" && stream.endedAt && `Ended ${formatDateTime(stream.endedAt)}`}
        </p>
      </div>
    </Link>
  );
}
