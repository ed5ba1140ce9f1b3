import type { DbOrTx } from "@onair/db";
import { feedOf, type StreamStateEvent } from "../../events/types";
import { DirectChannel, StateSink, untilAborted, type SocketLike } from "../../realtime/direct-delivery";
import type { Viewer } from "../../realtime/presence";
import type { Realtime } from "../../realtime";
import { streamSnapshot } from "./snapshot";

/**
 * A viewer's ephemeral feed of a stream: counts the viewer as present while it
 * runs, starts with a fresh snapshot (viewer count, likes, status, pinned
 * products), then follows every non-chat event live. With a `socket` (the
 * WebSocket server) live events are written by the room (direct-delivery.ts).
 */
export async function* liveStreamEvents(
  deps: { db: DbOrTx; realtime: Realtime; socket: SocketLike | null },
  input: { streamId: string; viewer: Viewer; signal: AbortSignal },
): AsyncGenerator<StreamStateEvent | DirectChannel> {
  const { db, realtime, socket } = deps;
  // Joining throws NOT_FOUND for an unknown stream.
  const sink = socket ? new StateSink(socket) : null;
  const live = sink ? null : await realtime.hub.join(input.streamId, input.signal);
  if (sink) await realtime.hub.attachSink(input.streamId, sink, input.signal);
  const leave = realtime.presence.join(input.streamId, input.viewer);
  try {
    // Counted at once, so a viewer sees themselves in the first count.
    const viewerCount = Math.max(await realtime.presence.count(input.streamId), 1);
    yield await streamSnapshot(db, input.streamId, viewerCount);
    if (sink) {
      const channel = new DirectChannel();
      yield channel;
      // A client that stopped the subscription meanwhile never had the channel encoded: nothing to deliver.
      if (input.signal.aborted) return;
      if (!channel.attached) throw new Error("Direct delivery needs the OnAir WebSocket encoder (wsEncoder).");
      sink.goLive(channel);
      await untilAborted(input.signal);
      return;
    }
    for await (const event of live!) {
      if (feedOf(event) !== "state") continue;
      yield event as StreamStateEvent;
    }
  } finally {
    leave();
  }
}
