import type { Duplex } from "node:stream";
import type { ConnectionGate } from "@onair/api";
import type { Connection, OutgoingFrame } from "@onair/api/realtime";
import type { WebSocket } from "ws";

/**
 * One client's WebSocket (the realtime layer's Connection), created by the
 * server as the upgrade completes. Its calls pass its gate (subscription cap,
 * drain on shutdown: CallTracker). Every message, whether tRPC's own answers
 * or frames the realtime layer writes directly, goes one ordered way, which
 * - refuses to grow a slow client's backlog past `maxBufferedBytes` (the
 *   client is dropped instead, so it cannot grow this process's memory);
 * - batches: the first message of an event-loop turn corks the TCP socket and
 *   the end of the turn uncorks it, so a socket gets one write per turn however
 *   many messages the turn produced (a busy room hands over several chat
 *   messages per turn; writing each one separately costs a syscall apiece).
 */
export class ClientConnection implements Connection {
  private corked = false;
  private readonly sendText: (data: string) => void;

  constructor(
    private readonly ws: WebSocket,
    /** The TCP socket under `ws` (kept from the upgrade). */
    private readonly tcp: Duplex,
    private readonly maxBufferedBytes: number,
    private readonly gate: ConnectionGate,
  ) {
    const send = ws.send.bind(ws);
    this.sendText = (data) => send(data);
    // tRPC's ws adapter writes with ws.send: route it through the same path.
    ws.send = ((data: string) => {
      // The encoder's direct-delivery handshake produces "", which is not a message.
      if (data !== "" && this.admit()) this.sendText(data);
    }) as WebSocket["send"];
  }

  begin(call: Parameters<ConnectionGate["begin"]>[0]): () => void {
    return this.gate.begin(call);
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(frame: OutgoingFrame): void {
    // The frame is complete (header and payload), the same bytes for every socket.
    if (this.admit()) this.tcp.write(frame.wire);
  }

  /** Whether a message may be written now; corks the socket for the rest of this turn. */
  private admit(): boolean {
    if (this.ws.readyState !== this.ws.OPEN || this.tcp.destroyed) return false;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      console.warn(`[ws] dropping a client with ${this.ws.bufferedAmount} unsent bytes (limit ${this.maxBufferedBytes})`);
      this.ws.terminate();
      return false;
    }
    if (!this.corked) {
      this.corked = true;
      this.tcp.cork();
      corkedThisTurn.push(this);
      if (corkedThisTurn.length === 1) setImmediate(uncorkAll);
    }
    return true;
  }

  private uncork(): void {
    this.corked = false;
    this.tcp.uncork();
  }

  static uncorkAll(): void {
    for (const connection of corkedThisTurn.splice(0)) connection.uncork();
  }
}

/** Connections written to in the current event-loop turn. */
const corkedThisTurn: ClientConnection[] = [];
const uncorkAll = () => ClientConnection.uncorkAll();
