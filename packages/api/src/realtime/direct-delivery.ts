import superjson from "superjson";
import type { ChatEvent, StreamEvent } from "../events/types";

/**
 * Fast fan-out of live events on the WebSocket server.
 *
 * tRPC's ws adapter runs every subscriber's events through its own async
 * generator pipeline and serialises each event once per subscriber. For a room
 * of thousands that costs far more than the socket writes. Instead, once a
 * subscription has sent its start (the chat replay, or the stream snapshot), it
 * hands the client's socket to its room, which writes each live event to every
 * socket directly: serialised once per event, framed exactly as tRPC frames
 * subscription data (tracked chat events keep their ids, so wsLink still
 * resumes after the last one it got).
 *
 * The handshake: the subscription yields a DirectChannel; our transformer passes
 * it through untouched, and our ws encoder (wsEncoder) reads the tRPC
 * subscription id from the envelope, stores it on the channel and returns "",
 * which the server's send guard drops instead of sending.
 */

/** The parts of a ws WebSocket the room writes to. */
export interface SocketLike {
  send(data: string): void;
  readonly readyState: number;
}

export class DirectChannel {
  /** The envelope before and after the data of a tracked frame of this subscription. */
  private framing: { idJson: string; jsonrpc: boolean } | null = null;

  attach(subscriptionId: unknown, jsonrpc: boolean): void {
    this.framing = { idJson: JSON.stringify(subscriptionId ?? null), jsonrpc };
  }

  get attached(): boolean {
    return this.framing !== null;
  }

  /** A frame identical to what tRPC sends for `yield tracked(trackedId, data)`, or for `yield data` when trackedId is null. */
  frame(trackedId: string | null, serializedData: string): string {
    const { idJson, jsonrpc } = this.framing!;
    const id = trackedId === null ? "" : `,"id":${JSON.stringify(trackedId)}`;
    return `{"id":${idJson}${jsonrpc ? ',"jsonrpc":"2.0"' : ""},"result":{"type":"data"${id},"data":${serializedData}}}`;
  }
}

const UNTRACKED = "";
const serializedByEvent = new WeakMap<object, Map<string, string>>();

/**
 * What tRPC would put in a frame's data — `superjson.serialize({ id, data: event })`
 * for tracked events, `superjson.serialize(event)` otherwise — as JSON, computed
 * once per event (and tracked id) however many sockets it goes to.
 */
export function serializeOnce(trackedId: string | null, event: StreamEvent): string {
  let byId = serializedByEvent.get(event);
  if (!byId) serializedByEvent.set(event, (byId = new Map()));
  const key = trackedId ?? UNTRACKED;
  let json = byId.get(key);
  if (json === undefined) {
    json = JSON.stringify(superjson.serialize(trackedId === null ? event : { id: trackedId, data: event }));
    byId.set(key, json);
  }
  return json;
}

/** A subscriber in direct mode: buffers the room's events until its subscription goes live. */
export abstract class DirectSink {
  private buffered: StreamEvent[] | null = [];
  protected channel: DirectChannel | null = null;

  constructor(protected readonly socket: SocketLike) {}

  deliver(event: StreamEvent): void {
    if (this.buffered) this.buffered.push(event);
    else if (this.socket.readyState === 1) this.write(event);
  }

  protected startWriting(channel: DirectChannel): void {
    this.channel = channel;
    const buffered = this.buffered ?? [];
    this.buffered = null;
    for (const event of buffered) if (this.socket.readyState === 1) this.write(event);
  }

  protected abstract write(event: StreamEvent): void;
}

/** A chat subscription in direct mode: tracked chat events, each message once, after the replay. */
export class ChatSink extends DirectSink {
  private lastSeq = 0;

  goLive(channel: DirectChannel, lastSeq: number): void {
    this.lastSeq = lastSeq;
    this.startWriting(channel);
  }

  protected write(event: StreamEvent): void {
    let trackedId: string;
    if (event.type === "chat.message") {
      // Already replayed from PostgreSQL, or delivered twice by the bus: skip.
      if (event.message.seq <= this.lastSeq) return;
      this.lastSeq = event.message.seq;
      trackedId = String(this.lastSeq);
    } else if (event.type === "chat.messageDeleted") {
      trackedId = String(this.lastSeq);
    } else {
      return;
    }
    this.socket.send(this.channel!.frame(trackedId, serializeOnce(trackedId, event as ChatEvent)));
  }
}

/** A stream.onEvents subscription in direct mode: every non-chat event, untracked, after the snapshot. */
export class StateSink extends DirectSink {
  goLive(channel: DirectChannel): void {
    this.startWriting(channel);
  }

  protected write(event: StreamEvent): void {
    if (event.type.startsWith("chat.")) return;
    this.socket.send(this.channel!.frame(null, serializeOnce(null, event)));
  }
}

/** Resolves when the subscription ends (the client unsubscribed or disconnected). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
