import type { DbOrTx } from "@onair/db";
import { feedOf, type ModerationEvent } from "../../events/types";
import type { StreamHub } from "../../realtime/stream-hub";
import { heldQueue } from "./messages";
import type { StreamRef } from "./permissions";

/**
 * A moderator's live feed of a stream: first the current hold-for-review
 * queue, then every held message, review and audit entry as it happens.
 */
export async function* liveModerationEvents(
  deps: { db: DbOrTx; hub: StreamHub; stream: StreamRef },
  input: { signal: AbortSignal },
): AsyncGenerator<ModerationEvent> {
  // Joined before the queue is read, so nothing held in between is missed (the client merges by id).
  const live = await deps.hub.join(deps.stream.id, input.signal);
  yield { type: "moderation.queue", streamId: deps.stream.id, messages: await heldQueue(deps) };
  for await (const event of live) {
    if (feedOf(event) === "moderation") yield event as ModerationEvent;
  }
}
