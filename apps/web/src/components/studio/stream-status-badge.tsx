import { STATUS_BADGES } from "./stream-summary";
import type { StreamStatus } from "./types";

export function StreamStatusBadge({ status }: { status: StreamStatus }) {
  const badge = STATUS_BADGES[status];
  return (
    <span className={badge.className} data-testid="studio-status">
      {badge.label}
    </span>
  );
}
