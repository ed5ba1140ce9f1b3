import type { DbOrTx } from "@onair/db";
import { feedOf, type ModerationEvent } from "../../events/types";
import { AppError } from "../../errors";
import type { StreamHub } from "../../realtime/stream-hub";
import { heldQueue } from "./messages";
import { canModerate, userRoleIn, type StreamRef } from "./permissions";

/** How often (at most, and only when events arrive) a running feed re-checks that its subscriber still moderates the stream. */
export const MODERATOR_RECHECK_MS = 10_000;

/**
 * A moderator's live feed of a stream: first the current hold-for-review
 * queue, then every held message, review and audit entry as it happens.
 * The feed outlives the request that checked the subscriber's role, so it
 * checks again (their role is read afresh) when they are removed as the
 * stream's moderator and every MODERATOR_RECHECK_MS: someone who no longer
 * moderates the stream gets FORBIDDEN and no further events.
 */
export async function* liveModerationEvents(
  deps: { db: DbOrTx; hub: StreamHub; stream: StreamRef; moderatorId: string },
  input: { signal: AbortSignal },
): AsyncGenerator<ModerationEvent> {
  // Joined before the queue is read, so nothing held in between is missed (the client merges by id).
  const live = await deps.hub.join(deps.stream.id, input.signal);
  yield { type: "moderation.queue", streamId: deps.stream.id, messages: await heldQueue(deps) };
  let checkedAt = Date.now();
  for await (const event of live) {
    if (feedOf(event) !== "moderation") continue;
    const removed =
      event.type === "moderation.logged" && event.entry.action === "MODERATOR_REMOVE" && event.entry.targetUser?.id === deps.moderatorId;
    if (removed || Date.now() - checkedAt >= MODERATOR_RECHECK_MS) {
      if (!canModerate(await userRoleIn(deps.db, deps.stream, deps.moderatorId))) {
        throw new AppError("FORBIDDEN", "You no longer moderate this stream.");
      }
      checkedAt = Date.now();
    }
    yield event as ModerationEvent;
  }
}
