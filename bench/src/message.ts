/**
 * The benchmark payload carried in every chat message body, identical for all systems:
 *   BENCH|<run>|<n>|<intended send time, µs on the monotonic clock>|<filler>
 * Run 0 is the readiness probe; measured and warm-up runs use 1, 2, ...
 * Viewers find the payload by searching each frame for MARKER, so the same
 * extraction works whatever envelope a system wraps around the body.
 */
export const MARKER = "BENCH|";
const MARKER_BYTES = Buffer.from(MARKER, "latin1");
export const PROBE_RUN = 0;
/** Roughly a short chat line; every system carries the same body. */
export const BODY_LENGTH = 100;

const PIPE = 0x7c;
const ZERO = 0x30;

/** Milliseconds on CLOCK_MONOTONIC, which every process on this machine shares. */
export function nowMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

export function encodeBody(run: number, n: number, intendedMs: number): string {
  const head = `${MARKER}${run}|${n}|${Math.round(intendedMs * 1000)}|`;
  return head.padEnd(BODY_LENGTH, "x");
}

export interface Payload {
  run: number;
  n: number;
  intendedMs: number;
}

/** Reads three '|'-terminated decimal integers starting at `at`; false if malformed. */
function readFields(frame: Buffer, at: number, out: Payload): boolean {
  const fields = [0, 0, 0];
  let pos = at;
  for (let field = 0; field < 3; field++) {
    let value = 0;
    const start = pos;
    while (pos < frame.length && frame[pos] !== PIPE) {
      const digit = frame[pos]! - ZERO;
      if (digit < 0 || digit > 9) return false;
      value = value * 10 + digit;
      pos++;
    }
    if (pos === start || pos >= frame.length) return false;
    fields[field] = value;
    pos++; // the '|'
  }
  out.run = fields[0]!;
  out.n = fields[1]!;
  out.intendedMs = fields[2]! / 1000;
  return true;
}

export type PayloadScan = "none" | "payload" | "malformed";

/**
 * Finds the payload in a raw frame without decoding or JSON-parsing it (the
 * client must stay cheap so that it is not the bottleneck). "none" means a
 * control frame, for the protocol adapter to handle.
 */
export function findPayload(frame: Buffer, out: Payload): PayloadScan {
  const at = frame.indexOf(MARKER_BYTES);
  if (at < 0) return "none";
  return readFields(frame, at + MARKER_BYTES.length, out) ? "payload" : "malformed";
}
