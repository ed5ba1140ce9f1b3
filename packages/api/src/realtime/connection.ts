import { tracked } from "@trpc/server";
import superjson from "superjson";
import type { ConnectionGate } from "../context";
import { DirectChannel } from "./direct-delivery";
import type { FrameSink, OutgoingFrame } from "./frame";

/**
 * One client's WebSocket, created by the WebSocket server when it opens
 * (apps/ws/src/client-connection.ts): the frames written to it (one ordered
 * path for tRPC's answers and the realtime layer's frames, with the server's
 * back-pressure limit and one write per event-loop turn) and its calls (the
 * gate that caps its subscriptions and refuses calls while the server drains).
 */
export interface Connection extends FrameSink, ConnectionGate {}

/**
 * A subscription's values as the realtime layer delivers them. Over WebSocket
 * the feed yields one DirectChannel (the handshake: the ws encoder gives it
 * the subscription id and sends nothing, ws-encoder.ts), then writes every
 * frame to the connection itself. Without a connection (in-process callers:
 * the tests) the very same frames are written to a connection in memory and
 * decoded back into the subscription's values, so both run one delivery path.
 *
 * `start` writes the feed's start and hands over to its room; it runs once
 * the channel knows its envelope. The feed stops when `signal` aborts or the
 * caller stops iterating; `stopped` (given to `start`) aborts then too.
 */
export async function* deliverFeed<T>(
  connection: FrameSink | null,
  signal: AbortSignal,
  start: (connection: FrameSink, channel: DirectChannel, stopped: AbortSignal) => Promise<void>,
): AsyncGenerator<T> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (signal.aborted) stop.abort();
  else signal.addEventListener("abort", onAbort, { once: true });
  const channel = new DirectChannel();
  try {
    if (connection) {
      // The subscription's type stays that of its values: the handshake is never sent.
      yield channel as T;
      // A client that stopped the subscription meanwhile never had the channel encoded: nothing to deliver.
      if (stop.signal.aborted) return;
      if (!channel.attached) throw new Error("Direct delivery needs the OnAir WebSocket encoder (wsEncoder).");
      await start(connection, channel, stop.signal);
      await untilAborted(stop.signal);
      return;
    }
    channel.attach(0, false);
    const memory = new MemoryConnection(stop.signal);
    let failure: { error: unknown } | null = null;
    start(memory, channel, stop.signal).catch((error: unknown) => {
      failure = { error };
      memory.close();
    });
    for await (const frame of memory.received()) yield decodeFrame(frame) as T;
    if (failure) throw (failure as { error: unknown }).error;
  } finally {
    signal.removeEventListener("abort", onAbort);
    stop.abort();
  }
}

/** A connection in memory: keeps the frames written to it until they are read. */
class MemoryConnection implements FrameSink {
  private readonly frames: OutgoingFrame[] = [];
  private wake: (() => void) | null = null;
  private open = true;

  constructor(stopped: AbortSignal) {
    stopped.addEventListener("abort", () => this.close(), { once: true });
  }

  get isOpen(): boolean {
    return this.open;
  }

  send(frame: OutgoingFrame): void {
    if (!this.open) return;
    this.frames.push(frame);
    this.wake?.();
  }

  close(): void {
    this.open = false;
    this.wake?.();
  }

  async *received(): AsyncGenerator<OutgoingFrame> {
    for (;;) {
      if (this.frames.length > 0) {
        yield* this.frames.splice(0);
        continue;
      }
      if (!this.open) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

/**
 * What a tRPC client makes of a data frame: the value, or for a tracked one
 * the tracked envelope tRPC's createCaller yields ([id, value, symbol]).
 */
function decodeFrame(frame: OutgoingFrame): unknown {
  const { result } = JSON.parse(frame.payload.toString("utf8")) as {
    result: { id?: string; data: Parameters<typeof superjson.deserialize>[0] };
  };
  const value = superjson.deserialize(result.data);
  if (result.id === undefined) return value;
  return tracked(result.id, (value as { data: unknown }).data);
}

/** Resolves when the subscription ends (the client unsubscribed or disconnected). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
