import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { trackPid } from "../cleanup";
import type { ConnectResult, RunStats, ViewerCommand, ViewerMessage, ViewerProgress, ViewerTarget } from "./ipc";

const VIEWER_ENTRY = fileURLToPath(new URL("./viewer.ts", import.meta.url));
const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
const REQUEST_TIMEOUT_MS = 180_000;

interface ViewerProcess {
  child: ChildProcess;
  progress: ViewerProgress;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
  /** Viewers this process holds in the current scenario. */
  count: number;
}

/** Sum of the latest progress reports of all viewer processes. */
export interface PoolProgress {
  distinct: number;
  probed: number;
  /** Per server instance: viewers that got a probe, of how many. */
  probedPerInstance: { probed: number; viewers: number }[];
  open: number;
}

const emptyProgress = (): ViewerProgress => ({ type: "progress", run: -1, distinct: 0, probed: [], viewers: [], open: 0 });

/**
 * The viewer processes: viewers are spread over a few child processes so that
 * receiving and bookkeeping use more than one core.
 */
export class ViewerPool {
  private nextRequestId = 1;
  private currentRun = -1;
  /** Global index of the next viewer: even indexes go to instance A, odd ones to B. */
  private nextViewerIndex = 0;

  private constructor(private readonly processes: ViewerProcess[]) {}

  static start(count: number): ViewerPool {
    const processes = Array.from({ length: count }, (): ViewerProcess => {
      const child = fork(VIEWER_ENTRY, [], {
        cwd: BENCH_DIR,
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      if (child.pid !== undefined) {
        const untrack = trackPid(child.pid);
        child.once("exit", untrack);
      }
      const entry: ViewerProcess = {
        child,
        progress: emptyProgress(),
        pending: new Map(),
        count: 0,
      };
      child.on("message", (message: ViewerMessage) => {
        if (message.type === "progress") {
          entry.progress = message;
          return;
        }
        const waiter = entry.pending.get(message.requestId);
        if (!waiter) return;
        entry.pending.delete(message.requestId);
        if (message.ok) waiter.resolve(message.result);
        else waiter.reject(new Error(`viewer process ${child.pid}: ${message.error}`));
      });
      child.once("exit", (code, signal) => {
        for (const waiter of entry.pending.values()) waiter.reject(new Error(`viewer process ${child.pid} exited (${code ?? signal})`));
        entry.pending.clear();
      });
      return entry;
    });
    return new ViewerPool(processes);
  }

  pids(): number[] {
    return this.processes.flatMap((entry) => (entry.child.pid === undefined ? [] : [entry.child.pid]));
  }

  private request<T>(entry: ViewerProcess, command: ViewerCommand): Promise<T> {
    const requestId = this.nextRequestId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        entry.pending.delete(requestId);
        reject(new Error(`viewer process ${entry.child.pid}: no answer to "${command.type}" within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      entry.pending.set(requestId, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      entry.child.send({ ...command, requestId });
    });
  }

  private all<T>(command: (entry: ViewerProcess, index: number) => ViewerCommand | undefined): Promise<T[]> {
    return Promise.all(
      this.processes.flatMap((entry, index) => {
        const next = command(entry, index);
        return next ? [this.request<T>(entry, next)] : [];
      }),
    );
  }

  /**
   * Adds `total` viewers, split evenly over the processes (and, by global
   * index, alternately over the instances); resolves when each is subscribed or failed.
   */
  async connect(target: ViewerTarget, total: number, options: { concurrency: number; readyTimeoutMs: number }): Promise<ConnectResult> {
    const share = Math.ceil(total / this.processes.length);
    const results = await this.all<ConnectResult>((entry, index) => {
      const count = Math.max(0, Math.min(share, total - index * share));
      if (count === 0) return undefined;
      const command: ViewerCommand = { type: "connect", target, firstIndex: this.nextViewerIndex, count, ...options };
      this.nextViewerIndex += count;
      entry.count += count;
      return command;
    });
    return {
      ready: results.reduce((sum, result) => sum + result.ready, 0),
      failed: results.reduce((sum, result) => sum + result.failed, 0),
      errors: results.flatMap((result) => result.errors),
    };
  }

  async startRun(run: number, messages: number): Promise<void> {
    await this.all((entry) => (entry.count > 0 ? { type: "start-run", run, messages } : undefined));
    this.currentRun = run;
    for (const entry of this.processes) entry.progress = { ...entry.progress, run, distinct: 0 };
  }

  progress(): PoolProgress {
    const active = this.processes.filter((entry) => entry.count > 0);
    return {
      // A report from before the current run started would count the wrong run.
      distinct: active.reduce((sum, entry) => sum + (entry.progress.run === this.currentRun ? entry.progress.distinct : 0), 0),
      probed: active.reduce((sum, entry) => sum + entry.progress.probed.reduce((a, b) => a + b, 0), 0),
      probedPerInstance: active.reduce<{ probed: number; viewers: number }[]>((perInstance, entry) => {
        entry.progress.viewers.forEach((viewers, instance) => {
          perInstance[instance] ??= { probed: 0, viewers: 0 };
          perInstance[instance].probed += entry.progress.probed[instance] ?? 0;
          perInstance[instance].viewers += viewers;
        });
        return perInstance;
      }, []),
      open: active.reduce((sum, entry) => sum + entry.progress.open, 0),
    };
  }

  collect(): Promise<RunStats[]> {
    return this.all<RunStats>((entry) => (entry.count > 0 ? { type: "collect" } : undefined));
  }

  async closeAll(): Promise<void> {
    await this.all((entry) => (entry.count > 0 ? { type: "close-all" } : undefined));
    this.nextViewerIndex = 0;
    for (const entry of this.processes) {
      entry.count = 0;
      entry.progress = emptyProgress();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        (entry) =>
          new Promise<void>((resolve) => {
            if (entry.child.exitCode !== null || entry.child.signalCode !== null) return resolve();
            entry.child.once("exit", () => resolve());
            entry.child.disconnect();
            setTimeout(() => entry.child.kill("SIGKILL"), 5_000).unref();
          }),
      ),
    );
  }
}
