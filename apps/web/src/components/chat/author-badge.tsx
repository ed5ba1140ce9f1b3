import type { ChatAuthor } from "@onair/api/events";

const BADGES = {
  OWNER: { short: "Streamer", label: "Stream owner" },
  MODERATOR: { short: "Mod", label: "Moderator" },
  ADMIN: { short: "Admin", label: "OnAir admin" },
} as const;

/** The author's standing in this stream, next to their name. */
export function AuthorBadge({ badge }: { badge: ChatAuthor["badge"] }) {
  if (!badge) return null;
  const { short, label } = BADGES[badge];
  return (
    <span className={`chat-badge chat-badge-${badge.toLowerCase()}`} title={label} data-testid="chat-badge" data-badge={badge}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
