import type { DbOrTx } from "@onair/db";
import type { StreamStateEvent } from "../../events/types";
import { AppError } from "../../errors";
import type { Viewer } from "../../realtime/presence";
import type { Realtime } from "../../realtime";
import { streamSnapshot } from "./snapshot";

/**
 * A viewer's ephemeral feed of a stream: counts the viewer as present while it
 * runs, starts with a fresh snapshot (viewer count, likes, status, pinned
 * products), then follows every non-chat event live.
 */
export async function* liveStreamEvents(
  deps: { db: DbOrTx; realtime: Realtime },
  input: { streamId: string; viewer: Viewer; signal: AbortSignal },
): AsyncGenerator<StreamStateEvent> {
  const { db, realtime } = deps;
  const exists = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { id: true } });
  if (!exists) throw new AppError("NOT_FOUND", "Stream not found.");

  const live = await realtime.hub.join(input.streamId, input.signal);
  const leave = realtime.presence.join(input.streamId, input.viewer);
  try {
    // Counted at once, so a viewer sees themselves in the first count.
    const viewerCount = Math.max(await realtime.presence.count(input.streamId), 1);
    yield await streamSnapshot(db, input.streamId, viewerCount);
    for await (const event of live) {
      if (event.type.startsWith("chat.")) continue;
      yield event as StreamStateEvent;
    }
  } finally {
    leave();
  }
}
