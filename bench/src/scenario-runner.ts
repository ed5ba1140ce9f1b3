import { mkdir } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { SystemName } from "./client/ipc";
import type { Publisher } from "./client/publishers";
import type { ViewerPool } from "./client/viewer-pool";
import { runFanout } from "./fanout";
import { runIdle } from "./idle";
import { formatCount, log } from "./log";
import { encodeBody, nowMs, PROBE_RUN } from "./message";
import type { ScenarioResult } from "./results";
import type { Scenario, Settings } from "./scenarios";
import { startSystem, type RunningSystem, type SystemContext } from "./systems";

const PROBE_INTERVAL_MS = 250;

export interface Deps {
  pool: ViewerPool;
  context: SystemContext;
  settings: Settings;
}

/** One system, started for one scenario, and the steps every scenario shares. */
export class ScenarioRunner {
  private publisher: Publisher | undefined;
  private readonly label: string;

  constructor(
    readonly deps: Deps,
    readonly running: RunningSystem,
    readonly scenario: Scenario,
  ) {
    this.label = `${running.name} ${scenario.name}`;
  }

  log(line: string): void {
    log(`${this.label} | ${line}`);
  }

  serverPids(): number[] {
    return this.running.instances.map((server) => server.pid);
  }

  /** The harness (publisher) and the viewer processes. */
  clientPids(): number[] {
    return [process.pid, ...this.deps.pool.pids()];
  }

  assertServersAlive(): void {
    const dead = this.running.instances.filter((server) => !server.alive());
    if (dead.length)
      throw new Error(`server exited during the run: ${dead.map((server) => `${server.name} (log: ${server.logFile})`).join(", ")}`);
  }

  async connectPublisher(): Promise<Publisher> {
    this.publisher = await this.running.connectPublisher();
    return this.publisher;
  }

  async closeAll(): Promise<void> {
    await this.deps.pool.closeAll().catch((error: unknown) => this.log(`closing viewers failed: ${String(error)}`));
    await this.publisher?.close();
  }

  async connectViewers(viewers: number): Promise<void> {
    const { settings, pool } = this.deps;
    const startedMs = nowMs();
    this.log(`connecting ${formatCount(viewers)} viewers (half to each instance)`);
    const result = await pool.connect(await this.running.viewerTarget(), viewers, {
      concurrency: settings.connectConcurrency,
      readyTimeoutMs: settings.readyTimeoutMs,
    });
    if (result.failed > 0) {
      throw new Error(`${result.failed} of ${viewers} viewers could not subscribe; first errors: ${result.errors.join(" | ")}`);
    }
    this.log(`${formatCount(viewers)} viewers subscribed in ${((nowMs() - startedMs) / 1000).toFixed(1)} s`);
  }

  /**
   * Publishes probe messages until `viewers` viewers have received one, which
   * proves that each subscription is live end to end on both instances.
   */
  async awaitProbe(publisher: Publisher, viewers: number): Promise<void> {
    const deadline = nowMs() + this.deps.settings.probeTimeoutS * 1000;
    for (let probe = 0; ; probe++) {
      publisher.publish(encodeBody(PROBE_RUN, probe, nowMs()));
      await sleep(PROBE_INTERVAL_MS);
      if (this.deps.pool.progress().probed >= viewers) return;
      this.assertServersAlive();
      if (nowMs() > deadline) {
        const { probed, probedPerInstance } = this.deps.pool.progress();
        const perInstance = probedPerInstance
          .map((counts, index) => `${this.running.instances[index]?.name ?? index}: ${counts.probed}/${counts.viewers}`)
          .join(", ");
        const { errors, firstError } = publisher.counters;
        const serverErrors = this.running.instances.flatMap((server) => server.recentErrors().map((line) => `${server.name}: ${line}`));
        throw new Error(
          `only ${probed} of ${viewers} viewers received a probe within ${this.deps.settings.probeTimeoutS} s (${perInstance}; ` +
            `the publisher is connected to ${this.running.instances[0]?.name})` +
            (errors ? `; publisher errors: ${errors}, first: ${firstError}` : "") +
            (serverErrors.length ? `; server said: ${serverErrors.join(" | ")}` : ""),
        );
      }
    }
  }
}

/** Starts the system fresh, runs one scenario against it, and stops everything it started. */
export async function runScenario(system: SystemName, scenario: Scenario, deps: Deps): Promise<ScenarioResult> {
  log(`${system} ${scenario.name} | starting two ${system} instances`);
  const logDir = path.join(deps.context.logDir, scenario.name);
  await mkdir(logDir, { recursive: true });
  const scenarioDeps = { ...deps, context: { ...deps.context, logDir } };
  const inspect = scenario.kind === "idle" || deps.settings.cpuProfile;
  const running = await startSystem(system, scenarioDeps.context, { inspect });
  const runner = new ScenarioRunner(scenarioDeps, running, scenario);
  try {
    return scenario.kind === "idle" ? await runIdle(runner, scenario) : await runFanout(runner, scenario);
  } finally {
    await runner.closeAll();
    await running.stop();
  }
}
