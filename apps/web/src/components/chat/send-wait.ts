import type { ChatSettings } from "@onair/api/events";
import { formatTime } from "../../lib/format";
import type { Refusal } from "../../lib/trpc";

/** Refusals after which sending again works by itself once the wait is over. */
const WAIT_REASONS = new Set(["SLOW_MODE", "RATE_LIMITED", "TIMED_OUT"]);

/** A refusal shown under the chat input. */
export interface ShownRefusal extends Refusal {
  /** Epoch ms from which Send is enabled again; null when waiting does not help. */
  sendableAt: number | null;
}

export type Restriction = { kind: "BAN" | "TIMEOUT"; expiresAt: Date | null } | null;

/** The server refused a message: show why, and count down when waiting helps. */
export function refusalAfterSend(refused: Refusal, now: number): ShownRefusal {
  const waits = refused.reason !== null && WAIT_REASONS.has(refused.reason) && refused.retryAfterMs !== null;
  return { ...refused, sendableAt: waits ? now + refused.retryAfterMs! : null };
}

/**
 * A moderator just timed the viewer out, banned them, or lifted that: what to show now.
 * Lifting clears a timeout or ban refusal and leaves any other refusal.
 */
export function refusalAfterRestriction(current: ShownRefusal | null, restriction: Restriction, now: number): ShownRefusal | null {
  if (!restriction) return current?.reason === "TIMED_OUT" || current?.reason === "BANNED" ? null : current;
  if (restriction.kind === "BAN" || !restriction.expiresAt) {
    return { message: "A moderator banned you from this chat.", reason: "BANNED", retryAfterMs: null, sendableAt: null };
  }
  const until = restriction.expiresAt.getTime();
  return {
    message: `A moderator timed you out until ${formatTime(restriction.expiresAt)}.`,
    reason: "TIMED_OUT",
    retryAfterMs: until - now,
    sendableAt: until,
  };
}

/** A moderator turning slow mode off, or chat back on, lifts the wait it caused at once. */
export function refusalAfterSettings(current: ShownRefusal | null, settings: ChatSettings): ShownRefusal | null {
  if (current?.reason === "SLOW_MODE" && settings.slowModeSeconds === 0) return null;
  if (current?.reason === "CHAT_DISABLED" && settings.chatEnabled) return null;
  return current;
}

/** How long Send stays disabled (0: not waiting). */
export function waitingMs(refusal: ShownRefusal | null, now: number): number {
  return refusal?.sendableAt != null ? Math.max(0, refusal.sendableAt - now) : 0;
}
