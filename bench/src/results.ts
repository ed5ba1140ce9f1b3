import type { SystemName } from "./client/ipc";

/** One row of results/latest.json (the published format). */
export interface ResultRow {
  system: SystemName;
  scenario: string;
  viewers: number;
  /** Messages per second sent to the room (0 in the idle scenario). */
  rate: number;
  delivered_per_s: number;
  p50_ms: number | null;
  p99_ms: number | null;
  lost: number;
  duplicated: number;
  rss_per_conn_kib: number | null;
  server_cpu_s: number;
}

/** Measured context that goes into latest.md but not into the JSON rows. */
export interface RowDetails {
  /** viewers × rate */
  offeredPerS: number;
  /** Seconds between the first intended send and the last delivery (or the drain deadline). */
  windowS: number;
  /** CPU of the harness (publisher) and the viewer processes over the same window. */
  clientCpuS: number;
  /** Share of all cores busy over the window (servers, viewers, Redis, PostgreSQL, kernel). */
  machineBusyPct: number;
  maxLatencyMs: number | null;
  notes: string[];
}

export interface ScenarioResult {
  row: ResultRow;
  details: RowDetails;
}

export const round = (value: number, digits: number): number => Number(value.toFixed(digits));
