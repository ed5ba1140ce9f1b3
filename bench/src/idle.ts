import { setTimeout as sleep } from "node:timers/promises";
import { forceGc, heapUsedBytes } from "./inspector";
import { formatCount } from "./log";
import { busyPercent, machineCpu, totalCpuSeconds, totalRssKib } from "./procstat";
import { round, type ScenarioResult } from "./results";
import type { ScenarioRunner } from "./scenario-runner";
import type { Scenario } from "./scenarios";

const GC_SETTLE_MS = 1_000;
const GC_MAX_ROUNDS = 8;
/** RSS counts as steady when a GC round changes it by at most this fraction. */
const GC_STABLE_FRACTION = 0.005;
/** Viewers already connected when the baseline RSS is read. */
const BASELINE_VIEWERS = 20;

/**
 * RSS of both instances in a steady state: force full GCs until the total
 * stops shrinking (V8 returns freed pages gradually, over several
 * collections). Also returns the live JS heap of both (null if unavailable).
 */
async function steadyMemory(runner: ScenarioRunner, notes: string[]): Promise<{ rssKib: number; heapKib: number | null }> {
  const collect = async () => {
    for (const server of runner.running.instances) {
      if (!server.inspectorUrl) continue;
      await forceGc(server.inspectorUrl).catch((error: unknown) => notes.push(`forced GC failed on ${server.name}: ${String(error)}`));
    }
    await sleep(GC_SETTLE_MS);
    return totalRssKib(runner.serverPids());
  };
  let previous = totalRssKib(runner.serverPids());
  let rssKib = await collect();
  for (let round = 2; Math.abs(previous - rssKib) > previous * GC_STABLE_FRACTION; round++) {
    if (round > GC_MAX_ROUNDS) {
      notes.push(`RSS still moving after ${GC_MAX_ROUNDS} forced GCs`);
      break;
    }
    previous = rssKib;
    rssKib = await collect();
  }
  let heapKib: number | null = 0;
  for (const server of runner.running.instances) {
    const used = server.inspectorUrl ? await heapUsedBytes(server.inspectorUrl).catch(() => null) : null;
    heapKib = used === null || heapKib === null ? null : heapKib + used / 1024;
  }
  return { rssKib, heapKib };
}

/**
 * Idle-memory scenario: RSS of both instances with a few viewers, then with
 * `scenario.viewers` more, each in a steady state; the difference per viewer.
 */
export async function runIdle(runner: ScenarioRunner, scenario: Extract<Scenario, { kind: "idle" }>): Promise<ScenarioResult> {
  const { settings } = runner.deps;
  const notes: string[] = [];
  const publisher = await runner.connectPublisher();
  // The baseline already has a few subscribed viewers, so that what a process sets
  // up lazily for its first subscriber (DB pool, bus subscription, room) is in it.
  await runner.connectViewers(BASELINE_VIEWERS);
  await runner.awaitProbe(publisher, BASELINE_VIEWERS);
  await sleep(settings.idleSettleS * 1000);
  const baseline = await steadyMemory(runner, notes);
  runner.log(`RSS with ${BASELINE_VIEWERS} viewers: ${formatCount(baseline.rssKib)} KiB (both instances)`);

  await runner.connectViewers(scenario.viewers);
  await runner.awaitProbe(publisher, BASELINE_VIEWERS + scenario.viewers);
  const serverCpuBefore = totalCpuSeconds(runner.serverPids());
  const clientCpuBefore = totalCpuSeconds(runner.clientPids());
  const machineBefore = machineCpu();
  await sleep(settings.idleSettleS * 1000);
  const serverCpuS = totalCpuSeconds(runner.serverPids()) - serverCpuBefore;
  const clientCpuS = totalCpuSeconds(runner.clientPids()) - clientCpuBefore;
  const machineBusyPct = Math.round(busyPercent(machineBefore, machineCpu()));
  const loaded = await steadyMemory(runner, notes);
  runner.assertServersAlive();
  const perConn = (loaded.rssKib - baseline.rssKib) / scenario.viewers;
  const heapPerConn =
    loaded.heapKib === null || baseline.heapKib === null
      ? "unknown"
      : `${((loaded.heapKib - baseline.heapKib) / scenario.viewers).toFixed(1)} KiB`;
  runner.log(
    `RSS with ${formatCount(BASELINE_VIEWERS + scenario.viewers)} viewers: ${formatCount(loaded.rssKib)} KiB → ` +
      `${perConn.toFixed(1)} KiB per connection (live JS heap ${heapPerConn} per connection)`,
  );
  notes.push(
    `RSS of both instances: ${formatCount(baseline.rssKib)} KiB with ${BASELINE_VIEWERS} viewers, ` +
      `${formatCount(loaded.rssKib)} KiB with ${formatCount(scenario.viewers)} more; live JS heap ${heapPerConn} per connection; ` +
      `CPU over ${settings.idleSettleS} s idle`,
  );
  return {
    row: {
      system: runner.running.name,
      scenario: scenario.name,
      viewers: scenario.viewers,
      rate: 0,
      delivered_per_s: 0,
      p50_ms: null,
      p99_ms: null,
      lost: 0,
      duplicated: 0,
      rss_per_conn_kib: round(perConn, 1),
      server_cpu_s: round(serverCpuS, 2),
    },
    details: { offeredPerS: 0, windowS: settings.idleSettleS, clientCpuS: round(clientCpuS, 2), machineBusyPct, maxLatencyMs: null, notes },
  };
}
