import { writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { RunStats } from "./client/ipc";
import type { Publisher } from "./client/publishers";
import { mergeEncoded, percentileMs } from "./histogram";
import { startCpuProfile } from "./inspector";
import { formatCount } from "./log";
import { nowMs } from "./message";
import { publishOpenLoop } from "./open-loop";
import { busyPercent, machineCpu, totalCpuSeconds } from "./procstat";
import { summariseProfile } from "./profile-summary";
import { round, type ScenarioResult } from "./results";
import type { ScenarioRunner } from "./scenario-runner";
import type { Scenario } from "./scenarios";

const DRAIN_POLL_MS = 50;
const WARMUP_RUN = 1;
const MEASURED_RUN = 2;

/** One open-loop run: publish, let viewers drain, collect what every viewer received. */
async function openLoopRun(
  runner: ScenarioRunner,
  publisher: Publisher,
  { run, viewers, rate, durationS, drainS }: { run: number; viewers: number; rate: number; durationS: number; drainS: number },
) {
  const { pool, settings } = runner.deps;
  const messages = Math.round(rate * durationS);
  const expected = viewers * messages;
  const phase = run === WARMUP_RUN ? "warm-up" : "measured";
  await pool.startRun(run, messages);

  const stopProfiles = run === MEASURED_RUN && settings.cpuProfile ? await startProfiles(runner) : undefined;
  const errorsBefore = publisher.counters.errors;
  const serverCpuBefore = totalCpuSeconds(runner.serverPids());
  const clientCpuBefore = totalCpuSeconds(runner.clientPids());
  const machineBefore = machineCpu();
  const status = () => {
    const delivered = pool.progress().distinct;
    return `delivered ${formatCount(delivered)}/${formatCount(expected)} (${((100 * delivered) / Math.max(1, expected)).toFixed(1)}%)`;
  };
  const ticker = setInterval(() => runner.log(`${phase}: ${status()}`), settings.progressEveryS * 1000);
  let startMs: number;
  let maxLagMs: number;
  let drainEndMs: number;
  try {
    runner.log(`${phase}: ${rate} msg/s for ${durationS} s to ${formatCount(viewers)} viewers`);
    ({ startMs, maxLagMs } = await publishOpenLoop(publisher, { run, rate, count: messages }));
    const drainDeadline = nowMs() + drainS * 1000;
    while (pool.progress().distinct < expected && nowMs() < drainDeadline) {
      runner.assertServersAlive();
      await sleep(DRAIN_POLL_MS);
    }
    drainEndMs = nowMs();
  } finally {
    clearInterval(ticker);
  }
  const serverCpuS = totalCpuSeconds(runner.serverPids()) - serverCpuBefore;
  const clientCpuS = totalCpuSeconds(runner.clientPids()) - clientCpuBefore;
  const machineBusyPct = busyPercent(machineBefore, machineCpu());
  const profileNotes = (await stopProfiles?.()) ?? [];
  const stats = await pool.collect();
  runner.assertServersAlive();
  const distinct = sum(stats, (item) => item.distinct);
  const lastDeliveryMs = Math.max(...stats.map((item) => item.lastDeliveryMs));
  // The window covers the publishing period (messages / rate) and then runs to the last
  // delivery, or to the drain deadline if deliveries were still missing.
  const windowEndMs = distinct >= expected ? Math.max(lastDeliveryMs, startMs + durationS * 1000) : drainEndMs;
  const latency = mergeEncoded(stats.map((item) => item.histogram));
  runner.log(`${phase}: ${status()}, p99 ${percentileMs(latency, 99)?.toFixed(1) ?? "-"} ms`);
  return {
    messages,
    expected,
    distinct,
    stats,
    latency,
    windowS: (windowEndMs - startMs) / 1000,
    serverCpuS,
    clientCpuS,
    machineBusyPct,
    maxLagMs,
    publisherErrors: publisher.counters.errors - errorsBefore,
    profileNotes,
  };
}

/** Profiles every instance over the measured window (--cpu-prof); the result is one note per instance. */
async function startProfiles(runner: ScenarioRunner): Promise<() => Promise<string[]>> {
  const { logDir } = runner.deps.context;
  const stops = await Promise.all(
    runner.running.instances.map(async (server) => {
      if (!server.inspectorUrl) throw new Error(`${server.name} has no inspector to profile with`);
      return { server, stop: await startCpuProfile(server.inspectorUrl) };
    }),
  );
  return () =>
    Promise.all(
      stops.map(async ({ server, stop }) => {
        const profile = await stop();
        const file = path.join(logDir, `${server.name}.cpuprofile`);
        await writeFile(file, profile);
        const summary = `CPU profile of ${server.name} over the measured window (self time, idle excluded): ${summariseProfile(profile)}`;
        runner.log(`${summary} (${file})`);
        return summary;
      }),
    );
}

/** Fan-out scenario: viewers, probe, a discarded warm-up run, then the measured run. */
export async function runFanout(runner: ScenarioRunner, scenario: Extract<Scenario, { kind: "fanout" }>): Promise<ScenarioResult> {
  const { settings } = runner.deps;
  await runner.connectViewers(scenario.viewers);
  const publisher = await runner.connectPublisher();
  await runner.awaitProbe(publisher, scenario.viewers);
  const warmup = await openLoopRun(runner, publisher, {
    run: WARMUP_RUN,
    viewers: scenario.viewers,
    rate: scenario.rate,
    durationS: settings.warmupS,
    drainS: settings.warmupCatchUpS,
  });
  const warmupNotes: string[] = [];
  if (warmup.distinct < warmup.expected) {
    const missing = formatCount(warmup.expected - warmup.distinct);
    runner.log(`warm-up still ${missing} deliveries behind after ${settings.warmupCatchUpS} s: the measured run starts with that backlog`);
    warmupNotes.push(
      `the measured run started with the warm-up ${missing} deliveries behind (not caught up within ${settings.warmupCatchUpS} s)`,
    );
  }
  const measured = await openLoopRun(runner, publisher, {
    run: MEASURED_RUN,
    viewers: scenario.viewers,
    rate: scenario.rate,
    durationS: settings.measureS,
    drainS: settings.drainS,
  });

  const notes = [...warmupNotes, ...runNotes(measured.stats), ...measured.profileNotes];
  if (settings.cpuProfile) notes.push("servers ran with the inspector and the sampling profiler attached, which costs some throughput");
  if (measured.publisherErrors)
    notes.push(`publisher: ${measured.publisherErrors} sends rejected (first: ${publisher.counters.firstError})`);
  if (measured.maxLagMs > 50)
    notes.push(`publisher sent up to ${measured.maxLagMs.toFixed(0)} ms late (latency still counts from the intended time)`);
  return {
    row: {
      system: runner.running.name,
      scenario: scenario.name,
      viewers: scenario.viewers,
      rate: scenario.rate,
      delivered_per_s: Math.round(measured.distinct / measured.windowS),
      p50_ms: roundOrNull(percentileMs(measured.latency, 50)),
      p99_ms: roundOrNull(percentileMs(measured.latency, 99)),
      lost: measured.expected - measured.distinct,
      duplicated: sum(measured.stats, (item) => item.duplicated),
      rss_per_conn_kib: null,
      server_cpu_s: round(measured.serverCpuS, 2),
    },
    details: {
      offeredPerS: scenario.viewers * scenario.rate,
      windowS: round(measured.windowS, 2),
      clientCpuS: round(measured.clientCpuS, 2),
      machineBusyPct: Math.round(measured.machineBusyPct),
      maxLatencyMs: roundOrNull(measured.latency.totalCount ? measured.latency.maxValue / 1000 : null),
      notes,
    },
  };
}

function sum(stats: RunStats[], pick: (item: RunStats) => number): number {
  return stats.reduce((total, item) => total + pick(item), 0);
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value, 3);
}

function runNotes(stats: RunStats[]): string[] {
  const notes: string[] = [];
  const closed = sum(stats, (item) => item.closed);
  const stale = sum(stats, (item) => item.stale);
  const malformed = sum(stats, (item) => item.malformed);
  const outOfRange = sum(stats, (item) => item.outOfRange);
  if (closed) notes.push(`${closed} viewer sockets closed during the run`);
  if (stale) notes.push(`${formatCount(stale)} warm-up deliveries arrived during the measured run`);
  if (malformed) notes.push(`${malformed} malformed payloads`);
  if (outOfRange) notes.push(`${outOfRange} payloads with an unexpected message number`);
  const errors = stats.flatMap((item) => item.errors);
  if (errors.length) notes.push(`viewer errors: ${errors.slice(0, 3).join(" | ")}`);
  return notes;
}
