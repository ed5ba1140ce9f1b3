/**
 * One text message for clients, encoded once however many sockets it is written to.
 * `wire` is the whole unmasked WebSocket frame (header and payload), built on first use,
 * so a server writes the same bytes to every socket without framing each copy.
 */
export class OutgoingFrame {
  private wireBytes: Buffer | null = null;

  constructor(readonly payload: Buffer) {}

  get wire(): Buffer {
    this.wireBytes ??= Buffer.concat([textFrameHeader(this.payload.length), this.payload]);
    return this.wireBytes;
  }
}

/** RFC 6455 §5.2: FIN + text opcode, no mask, then the payload length in 7, 7+16 or 7+64 bits. */
function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65_536) {
    const header = Buffer.alloc(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** Where live frames of a client's subscriptions are written: its WebSocket connection on the WS server. */
export interface FrameSink {
  /** False once the connection is closing or closed (frames sent then are dropped). */
  readonly isOpen: boolean;
  /** Queues the frame after everything sent before it; frames sent in one event-loop turn leave in one write. */
  send(frame: OutgoingFrame): void;
}
