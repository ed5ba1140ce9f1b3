import superjson from "superjson";
import { feedOf, recipientOf, type StreamEvent } from "../events/types";

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
  send(data: string | Buffer, options?: { binary?: boolean }): void;
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

  /**
   * The UTF-8 bytes of the frame tRPC sends for `yield tracked(trackedId, event)`
   * (or `yield event` when trackedId is null), encoded once per event for all
   * subscriptions that share this envelope (clients mostly use the same ids).
   */
  frame(trackedId: string | null, event: StreamEvent): Buffer {
    const { idJson, jsonrpc } = this.framing!;
    const envelope = `${idJson}${jsonrpc ? "j" : ""}|${trackedId ?? ""}`;
    let frames = framesByEvent.get(event);
    if (!frames) framesByEvent.set(event, (frames = new Map<string, Buffer>()));
    let frame = frames.get(envelope);
    if (!frame) {
      const id = trackedId === null ? "" : `,"id":${JSON.stringify(trackedId)}`;
      const data = JSON.stringify(superjson.serialize(trackedId === null ? event : { id: trackedId, data: event }));
      frame = Buffer.from(`{"id":${idJson}${jsonrpc ? ',"jsonrpc":"2.0"' : ""},"result":{"type":"data"${id},"data":${data}}}`);
      frames.set(envelope, frame);
    }
    return frame;
  }
}

const framesByEvent = new WeakMap<object, Map<string, Buffer>>();

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

  /** `viewerId`: the signed-in subscriber, who also gets events about their own messages. */
  constructor(
    socket: SocketLike,
    private readonly viewerId: string | null,
  ) {
    super(socket);
  }

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
    } else if (event.type === "chat.messageDeleted" || (this.viewerId !== null && recipientOf(event) === this.viewerId)) {
      trackedId = String(this.lastSeq);
    } else {
      return;
    }
    this.socket.send(this.channel!.frame(trackedId, event), { binary: false });
  }
}

/** A stream.onEvents subscription in direct mode: every stream state event, untracked, after the snapshot. */
export class StateSink extends DirectSink {
  goLive(channel: DirectChannel): void {
    this.startWriting(channel);
  }

  protected write(event: StreamEvent): void {
    if (feedOf(event) !== "state") return;
    this.socket.send(this.channel!.frame(null, event), { binary: false });
  }
}

/** Resolves when the subscription ends (the client unsubscribed or disconnected). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
