import type { ModerationLogView } from "@onair/api/events";
import { formatDateTime } from "~/lib/format";
import { detailsText } from "./audit-log-filter";
import { actionLabel } from "./format";
import type { UserRef } from "./user-card";

interface AuditLogEntryProps {
  entry: ModerationLogView;
  /** Narrows the log to one person's actions ("actorId") or to actions on one person ("targetUserId"). */
  onFilterBy: (key: "actorId" | "targetUserId", userId: string) => void;
  onOpenUser: (user: UserRef) => void;
}

/** One line of a stream's audit log: when, what, by whom, on whom, why. */
export function AuditLogEntry({ entry, onFilterBy, onOpenUser }: AuditLogEntryProps) {
  const { actor, targetUser } = entry;
  return (
    <li className="mod-log-entry" data-testid="log-entry" data-action={entry.action}>
      <div className="mod-log-line">
        <span className="chat-time">{formatDateTime(entry.createdAt)}</span>
        <span className={`mod-log-action mod-log-action-${entry.action.split("_")[0]!.toLowerCase()}`}>{actionLabel(entry.action)}</span>
        <span>
          by{" "}
          {actor ? (
            <button
              type="button"
              className="mod-author"
              title="Show only this person's actions"
              aria-label={`Show only actions by @${actor.username}`}
              onClick={() => onFilterBy("actorId", actor.id)}
            >
              @{actor.username}
            </button>
          ) : (
            <span className="muted">the filter</span>
          )}
        </span>
        {targetUser ? (
          <span>
            on{" "}
            <button
              type="button"
              className="mod-author"
              title="Open user card"
              aria-label={`Open @${targetUser.username}'s user card`}
              onClick={() => onOpenUser(targetUser)}
            >
              @{targetUser.username}
            </button>{" "}
            <button
              type="button"
              className="link-button mod-small"
              aria-label={`Filter by @${targetUser.username}`}
              onClick={() => onFilterBy("targetUserId", targetUser.id)}
            >
              (filter)
            </button>
          </span>
        ) : null}
      </div>
      <LogEntryNotes reason={entry.reason} details={entry.details} />
    </li>
  );
}

/** An audit entry's reason and details, under its line (the stream's log and the site-wide log). */
export function LogEntryNotes({ reason, details }: { reason: string | null; details: Record<string, unknown> }) {
  const shownDetails = detailsText(details);
  return (
    <>
      {reason ? (
        <p className="mod-log-reason">
          “<bdi>{reason}</bdi>”
        </p>
      ) : null}
      {shownDetails ? <code className="mod-log-details">{shownDetails}</code> : null}
    </>
  );
}
