import type { SystemName } from "./client/ipc";
import type { IngestSettings } from "./ingest/ingest-bench";
import type { ShopSettings } from "./shop/shop-bench";
import { SYSTEM_NAMES } from "./systems";

export type Scenario = { kind: "fanout"; name: string; viewers: number; rate: number } | { kind: "idle"; name: string; viewers: number };

export interface Settings {
  mode: "quick" | "full";
  systems: SystemName[];
  scenarios: Scenario[];
  /** Warm-up run per system and scenario, discarded. */
  warmupS: number;
  measureS: number;
  /** After the last send, how long viewers may still receive before the rest counts as lost. */
  drainS: number;
  /** After the warm-up, how long an overloaded system may take to catch up before the measured run. */
  warmupCatchUpS: number;
  /**
   * Idle-memory scenario: quiet time before each RSS reading. Long on purpose:
   * V8 keeps returning memory for ~10 s after start-up, even across forced GCs.
   */
  idleSettleS: number;
  progressEveryS: number;
  viewerProcesses: number;
  connectConcurrency: number;
  readyTimeoutMs: number;
  probeTimeoutS: number;
  /** Start servers with --cpu-prof (profiles land next to the server logs). */
  cpuProfile: boolean;
  /** The built-in ingest's encoder-to-screen delay and CPU per stream (after the fan-out scenarios, or alone). */
  ingest: "run" | "skip" | "only";
  ingestSettings: IngestSettings;
  /** Live shopping: purchase attempts through the real API, then the oversell audit (after the others, or alone). */
  shop: "run" | "skip" | "only";
  shopSettings: ShopSettings;
}

const fanout = (viewers: number, rate: number): Scenario => ({
  kind: "fanout",
  name: `fanout-${viewers / 1000}k-${rate}`,
  viewers,
  rate,
});
const idle = (viewers: number): Scenario => ({ kind: "idle", name: `idle-${viewers / 1000}k`, viewers });

const FULL: Omit<Settings, "systems"> = {
  mode: "full",
  scenarios: [fanout(1000, 20), fanout(1000, 100), fanout(5000, 20), fanout(5000, 100), idle(5000)],
  warmupS: 5,
  measureS: 15,
  drainS: 10,
  warmupCatchUpS: 60,
  idleSettleS: 15,
  progressEveryS: 5,
  viewerProcesses: 2,
  connectConcurrency: 50,
  readyTimeoutMs: 60_000,
  probeTimeoutS: 60,
  cpuProfile: false,
  ingest: "run",
  ingestSettings: { warmupS: 8, latencyS: 30, cpuWindowS: 15, cpuStreams: 4, viewersPerStream: 5 },
  shop: "run",
  shopSettings: {
    rate: 1000,
    warmupS: 5,
    measureS: 10,
    drainS: 10,
    buyers: 500,
    closedLoopConcurrency: 32,
    hotStock: 10,
    ampleStock: 1_000_000,
    connectConcurrency: 50,
  },
};

const QUICK: Omit<Settings, "systems"> = {
  ...FULL,
  mode: "quick",
  scenarios: [fanout(1000, 20), idle(2000)],
  warmupS: 2,
  measureS: 5,
  drainS: 5,
  warmupCatchUpS: 15,
  idleSettleS: 10,
  progressEveryS: 2,
  ingestSettings: { warmupS: 5, latencyS: 10, cpuWindowS: 5, cpuStreams: 2, viewersPerStream: 3 },
  shopSettings: { ...FULL.shopSettings, warmupS: 2, measureS: 5, drainS: 10, buyers: 200, closedLoopConcurrency: 16 },
};

const USAGE = `usage: pnpm bench [--quick] [--systems=onair,raw-ws,socketio] [--scenarios=<name>,...] [--viewer-procs=N] [--cpu-prof] [--ingest=run|skip|only] [--shop=run|skip|only] [--shop-rate=N]`;

/** Reads the command line (pnpm may pass a lone "--" before the script's arguments). */
export function parseSettings(argv: readonly string[]): Settings {
  let settings: Settings = { ...FULL, systems: [...SYSTEM_NAMES] };
  const options = new Map<string, string>();
  for (const arg of argv) {
    if (arg === "--") continue;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    options.set(match[1]!, match[2] ?? "");
  }
  if (options.has("quick")) settings = { ...QUICK, systems: settings.systems };
  for (const [name, value] of options) {
    switch (name) {
      case "quick":
        break;
      case "cpu-prof":
        settings.cpuProfile = true;
        break;
      case "systems": {
        const systems = value.split(",").filter(Boolean);
        const unknown = systems.filter((system) => !SYSTEM_NAMES.includes(system as SystemName));
        if (unknown.length || !systems.length) throw new Error(`--systems: unknown "${unknown.join(",")}"\n${USAGE}`);
        settings.systems = systems as SystemName[];
        break;
      }
      case "scenarios": {
        const all = [...FULL.scenarios, ...QUICK.scenarios];
        const wanted = value.split(",").filter(Boolean);
        const picked = wanted.map((scenarioName) => all.find((scenario) => scenario.name === scenarioName));
        if (!wanted.length || picked.some((scenario) => !scenario)) {
          throw new Error(`--scenarios: choose from ${[...new Set(all.map((scenario) => scenario.name))].join(", ")}`);
        }
        settings.scenarios = picked as Scenario[];
        break;
      }
      case "ingest":
        if (value !== "run" && value !== "skip" && value !== "only") throw new Error(`--ingest must be run, skip or only\n${USAGE}`);
        settings.ingest = value;
        break;
      case "shop":
        if (value !== "run" && value !== "skip" && value !== "only") throw new Error(`--shop must be run, skip or only\n${USAGE}`);
        settings.shop = value;
        break;
      case "shop-rate": {
        const rate = Number(value);
        if (!Number.isInteger(rate) || rate < 1 || rate > 100_000) throw new Error("--shop-rate must be 1..100000 attempts/s");
        settings.shopSettings = { ...settings.shopSettings, rate };
        break;
      }
      case "viewer-procs": {
        const count = Number(value);
        if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error("--viewer-procs must be 1..16");
        settings.viewerProcesses = count;
        break;
      }
      default:
        throw new Error(`unknown option --${name}\n${USAGE}`);
    }
  }
  if (settings.shop === "only" && settings.ingest === "only") throw new Error(`--shop=only and --ingest=only exclude each other\n${USAGE}`);
  return settings;
}
