import Link from "next/link";
import { LocalTime } from "./local-time";
import { StreamStatusBadge } from "./stream-status-badge";
import { formatCount, keyNumbers, summaryTime } from "./stream-summary";
import type { StudioStreamSummary } from "./types";

/** One of the creator's streams in the studio list: thumbnail, title, time, numbers, and where to go next. */
export function StudioStreamRow({ stream }: { stream: StudioStreamSummary }) {
  const time = summaryTime(stream);
  return (
    <li className="studio-row" data-testid="studio-stream">
      {/* A background image: when the thumbnail cannot load, the panel colour shows instead of a broken image. */}
      <div
        className="studio-row-thumb"
        style={stream.thumbnailUrl ? { backgroundImage: `url(${stream.thumbnailUrl})` } : undefined}
        aria-hidden="true"
      />
      <div className="studio-row-body">
        <h3 className="studio-row-title">
          <StreamStatusBadge status={stream.status} />{" "}
          <Link href={`/studio/${stream.id}`}>
            <bdi>{stream.title}</bdi>
          </Link>
        </h3>
        <p className="muted studio-row-time">
          {time.label}
          {time.date ? (
            <>
              {" "}
              <LocalTime date={time.date} />
            </>
          ) : null}
        </p>
        <ul className="studio-numbers" aria-label="Key numbers">
          {keyNumbers(stream).map((number) => (
            <li key={number.label}>
              <strong>{formatCount(number.value)}</strong> {number.label}
            </li>
          ))}
        </ul>
      </div>
      <div className="studio-row-links">
        <Link className="button button-small" href={`/studio/${stream.id}`} aria-label={`Manage ${stream.title}`}>
          Manage
        </Link>
        <Link className="button button-small button-secondary" href={`/s/${stream.slug}`} aria-label={`Public page of ${stream.title}`}>
          Public page
        </Link>
        {stream.status === "LIVE" || stream.status === "ENDED" ? (
          <Link
            className="button button-small button-secondary"
            href={`/studio/${stream.id}/analytics`}
            aria-label={`Analytics of ${stream.title}`}
          >
            Analytics
          </Link>
        ) : null}
      </div>
    </li>
  );
}
