import superjson from "superjson";
import { chatEventReaches, feedOf, type StreamEvent } from "../events/types";
import { OutgoingFrame, type FrameSink } from "./frame";

/**
 * Fast fan-out of live events.
 *
 * tRPC's ws adapter runs every subscriber's events through its own async
 * generator pipeline and serialises each event once per subscriber. For a room
 * of thousands that costs far more than the socket writes. Instead a feed
 * (feeds.ts) writes every frame of its subscription to the client's
 * connection itself: its start (chat catch-up, or the stream snapshot), then
 * its sink in the room writes each live event. Frames are serialised once per
 * event (and a replayed message once for every client replaying it), framed
 * exactly as tRPC frames subscription data (tracked chat events keep their
 * ids, so wsLink still resumes after the last one it got).
 *
 * The handshake, over WebSocket: the feed yields a DirectChannel; the
 * transformer (trpc.ts) passes it through untouched, the ws encoder
 * (ws-encoder.ts) reads the tRPC subscription id from the envelope, stores it
 * on the channel and returns "", which the connection drops instead of
 * sending. In process the feed attaches the channel itself (connection.ts).
 */

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
   * The frame tRPC sends for `yield tracked(trackedId, event)` (or `yield event`
   * when trackedId is null), encoded once per event for all subscriptions that
   * share this envelope (clients mostly use the same ids).
   */
  frame(trackedId: string | null, event: StreamEvent): OutgoingFrame {
    const { idJson, jsonrpc } = this.framing!;
    const envelope = `${idJson}${jsonrpc ? "j" : ""}|${trackedId ?? ""}`;
    let frames = framesByEvent.get(event);
    if (!frames) framesByEvent.set(event, (frames = new Map<string, OutgoingFrame>()));
    let frame = frames.get(envelope);
    if (!frame) {
      const id = trackedId === null ? "" : `,"id":${JSON.stringify(trackedId)}`;
      const data = JSON.stringify(superjson.serialize(trackedId === null ? event : { id: trackedId, data: event }));
      frame = new OutgoingFrame(
        Buffer.from(`{"id":${idJson}${jsonrpc ? ',"jsonrpc":"2.0"' : ""},"result":{"type":"data"${id},"data":${data}}}`),
      );
      frames.set(envelope, frame);
    }
    return frame;
  }
}

const framesByEvent = new WeakMap<object, Map<string, OutgoingFrame>>();

/** A subscriber in direct mode: buffers the room's events until its subscription goes live. */
export abstract class DirectSink {
  private buffered: StreamEvent[] | null = [];
  protected channel: DirectChannel | null = null;

  constructor(protected readonly connection: FrameSink) {}

  deliver(event: StreamEvent): void {
    if (this.buffered) this.buffered.push(event);
    else if (this.connection.isOpen) this.write(event);
  }

  protected startWriting(channel: DirectChannel): void {
    this.channel = channel;
    const buffered = this.buffered ?? [];
    this.buffered = null;
    for (const event of buffered) if (this.connection.isOpen) this.write(event);
  }

  protected abstract write(event: StreamEvent): void;
}

/**
 * A chat subscription in direct mode: everything after the handshake is written
 * here, the catch-up (history page or replay) first, then tracked live events,
 * each message once.
 */
export class ChatSink extends DirectSink {
  private lastSeq = 0;

  /** `viewerId`: the signed-in subscriber, who also gets events about their own messages. */
  constructor(
    connection: FrameSink,
    private readonly viewerId: string | null,
  ) {
    super(connection);
  }

  /** Writes one event of the catch-up (before goLive), tracked with the seq a client resumes after. */
  writeCatchUp(channel: DirectChannel, seq: number, event: StreamEvent): void {
    if (this.connection.isOpen) this.connection.send(channel.frame(String(seq), event));
  }

  goLive(channel: DirectChannel, lastSeq: number): void {
    this.lastSeq = lastSeq;
    this.startWriting(channel);
  }

  protected write(event: StreamEvent): void {
    if (!chatEventReaches(event, this.viewerId)) return;
    if (event.type === "chat.message") {
      // Already replayed from PostgreSQL, or delivered twice by the bus: skip.
      if (event.message.seq <= this.lastSeq) return;
      this.lastSeq = event.message.seq;
    }
    this.connection.send(this.channel!.frame(String(this.lastSeq), event));
  }
}

/** A stream.onEvents subscription in direct mode: every stream state event, untracked, after the snapshot. */
export class StateSink extends DirectSink {
  /** Writes the feed's first event (the snapshot), before goLive. */
  writeStart(channel: DirectChannel, event: StreamEvent): void {
    if (this.connection.isOpen) this.connection.send(channel.frame(null, event));
  }

  goLive(channel: DirectChannel): void {
    this.startWriting(channel);
  }

  protected write(event: StreamEvent): void {
    if (feedOf(event) !== "state") return;
    this.connection.send(this.channel!.frame(null, event));
  }
}
