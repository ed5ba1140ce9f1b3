import superjson from "superjson";
import type { ChatEvent } from "../events/types";

/**
 * Fast fan-out of live chat events on the WebSocket server.
 *
 * tRPC's ws adapter runs every subscriber's events through its own async
 * generator pipeline and serialises each event once per subscriber. For a room
 * of thousands that costs far more than the socket writes. Instead, once a chat
 * subscription has replayed what the client missed, it hands the client's
 * socket to its room, which writes each live event to every socket directly:
 * serialised once per event, framed exactly as tRPC frames tracked data (so
 * wsLink still records each event's id and resumes after it).
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

  /** A frame identical to what tRPC sends for `yield tracked(trackedId, data)`. */
  frame(trackedId: string, serializedData: string): string {
    const { idJson, jsonrpc } = this.framing!;
    return `{"id":${idJson}${jsonrpc ? ',"jsonrpc":"2.0"' : ""},"result":{"type":"data","id":${JSON.stringify(trackedId)},"data":${serializedData}}}`;
  }
}

const serializedByEvent = new WeakMap<object, Map<string, string>>();

/** `JSON.stringify(superjson.serialize({ id, data: event }))`, computed once per event and id. */
export function serializeTracked(trackedId: string, event: ChatEvent): string {
  let byId = serializedByEvent.get(event);
  if (!byId) serializedByEvent.set(event, (byId = new Map()));
  let json = byId.get(trackedId);
  if (json === undefined) {
    json = JSON.stringify(superjson.serialize({ id: trackedId, data: event }));
    byId.set(trackedId, json);
  }
  return json;
}

/**
 * One subscriber of a room in direct mode. Until `goLive`, it buffers the room's
 * chat events (the subscription is still replaying from PostgreSQL); then it
 * writes what it buffered and everything after straight to the socket.
 */
export class ChatSink {
  private buffered: ChatEvent[] | null = [];
  private channel: DirectChannel | null = null;
  private lastSeq = 0;

  constructor(private readonly socket: SocketLike) {}

  deliver(event: ChatEvent): void {
    if (this.buffered) {
      this.buffered.push(event);
      return;
    }
    this.write(event);
  }

  goLive(channel: DirectChannel, lastSeq: number): void {
    this.channel = channel;
    this.lastSeq = lastSeq;
    const buffered = this.buffered ?? [];
    this.buffered = null;
    for (const event of buffered) this.write(event);
  }

  private write(event: ChatEvent): void {
    if (this.socket.readyState !== 1) return;
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
    this.socket.send(this.channel!.frame(trackedId, serializeTracked(trackedId, event)));
  }
}
