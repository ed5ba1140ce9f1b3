import { setTimeout as sleep } from "node:timers/promises";
import type { Publisher } from "./client/publishers";
import { encodeBody, nowMs } from "./message";

/** Extra time the loop may take beyond its schedule before it gives up. */
const OVERRUN_LIMIT_MS = 60_000;
/** The first send is scheduled this far ahead, so that it is not late by construction. */
const LEAD_MS = 20;

export interface OpenLoopResult {
  /** Intended send time of message 0 (monotonic ms). */
  startMs: number;
  sent: number;
  /** How late the publisher actually sent, at worst (event-loop delay on the harness side). */
  maxLagMs: number;
}

/**
 * Sends `count` messages at a fixed rate without waiting for anything: message
 * n is due at start + n / rate, is sent at or after that time, and carries
 * that intended time, so a slow system cannot slow the offered load down
 * (no coordinated omission).
 */
export async function publishOpenLoop(
  publisher: Publisher,
  options: { run: number; rate: number; count: number; onSecond?: (sent: number) => void },
): Promise<OpenLoopResult> {
  const { run, rate, count } = options;
  const intervalMs = 1000 / rate;
  const startMs = nowMs() + LEAD_MS;
  const deadline = startMs + count * intervalMs + OVERRUN_LIMIT_MS;
  let n = 0;
  let maxLagMs = 0;
  let nextReport = rate;
  while (n < count) {
    const now = nowMs();
    if (now > deadline) throw new Error(`publisher fell more than ${OVERRUN_LIMIT_MS} ms behind its schedule`);
    for (let due = startMs + n * intervalMs; n < count && due <= now; due = startMs + n * intervalMs) {
      publisher.publish(encodeBody(run, n, due));
      maxLagMs = Math.max(maxLagMs, now - due);
      n++;
      if (n >= nextReport) {
        options.onSecond?.(n);
        nextReport += rate;
      }
    }
    if (n < count) await sleep(Math.max(0, startMs + n * intervalMs - nowMs()));
  }
  return { startMs, sent: n, maxLagMs };
}
