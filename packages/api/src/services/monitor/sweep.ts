import type { ServiceDeps } from "../deps";
import { endSilentStreams } from "./end-silent-streams";
import { markMissedStreams } from "./mark-missed-streams";
import { closeStaleViewerSessions } from "./server-instances";

export interface SweepInput {
  now?: Date;
  /** STREAM_SILENCE_END_SECONDS. */
  silenceEndSeconds: number;
}

export interface SweepResult {
  endedStreamIds: string[];
  missedStreamIds: string[];
  closedViewerSessions: number;
}

/**
 * The stream monitor's periodic work (the `monitor.sweep` job, one run per
 * MONITOR_INTERVAL_SECONDS across all instances). Every step is safe to run
 * twice at once: each change is a conditional update.
 */
export async function runMonitorSweep(deps: Pick<ServiceDeps, "db" | "bus">, input: SweepInput): Promise<SweepResult> {
  const now = input.now ?? new Date();
  const endedStreamIds = await endSilentStreams(deps, { now, silenceEndSeconds: input.silenceEndSeconds });
  const missedStreamIds = await markMissedStreams(deps, { now });
  const closedViewerSessions = await closeStaleViewerSessions(deps, { now });
  return { endedStreamIds, missedStreamIds, closedViewerSessions };
}
