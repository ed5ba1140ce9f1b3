import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { renderChart } from "./chart";
import { formatCount } from "./log";
import type { ScenarioResult } from "./results";
import type { Settings } from "./scenarios";

const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

export interface RunSummary {
  settings: Settings;
  command: string;
  startedAt: Date;
  durationS: number;
  results: ScenarioResult[];
  failures: string[];
}

export function machineDescription(): string {
  const cpus = os.cpus();
  const memoryGib = (os.totalmem() / 1024 ** 3).toFixed(0);
  return `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${memoryGib} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function modeDescription(settings: Settings): string {
  return (
    `${settings.mode}: warm-up ${settings.warmupS} s (discarded), measured ${settings.measureS} s, drain ≤ ${settings.drainS} s, ` +
    `idle settle ${settings.idleSettleS} s, ${settings.viewerProcesses} viewer processes`
  );
}

const cell = (value: number | null, digits = 0) => (value === null ? "–" : digits === 0 ? formatCount(value) : value.toFixed(digits));

function markdown(summary: RunSummary): string {
  const { settings, results } = summary;
  const lines = [
    "# OnAir fan-out benchmark — latest results",
    "",
    `- Date: ${summary.startedAt.toISOString()}`,
    `- Mode: ${modeDescription(settings)}`,
    `- Machine: ${machineDescription()}`,
    `- Command: \`${summary.command}\` (took ${Math.round(summary.durationS)} s)`,
    "- Servers, Redis, PostgreSQL, the publisher and the viewers all share this machine; see bench/README.md for what each number means.",
    "",
    "| system | scenario | viewers | rate msg/s | offered/s | delivered/s | p50 ms | p99 ms | max ms | lost | dup | server CPU s | client CPU s | machine busy % | window s | RSS/conn KiB |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { row, details } of results) {
    lines.push(
      `| ${row.system} | ${row.scenario} | ${cell(row.viewers)} | ${cell(row.rate)} | ${cell(details.offeredPerS)} | ${cell(row.delivered_per_s)} | ` +
        `${cell(row.p50_ms, 2)} | ${cell(row.p99_ms, 2)} | ${cell(details.maxLatencyMs, 1)} | ${cell(row.lost)} | ${cell(row.duplicated)} | ` +
        `${cell(row.server_cpu_s, 2)} | ${cell(details.clientCpuS, 2)} | ${cell(details.machineBusyPct)} | ${cell(details.windowS, 1)} | ${cell(row.rss_per_conn_kib, 1)} |`,
    );
  }
  const notes = results.flatMap(({ row, details }) => details.notes.map((note) => `- ${row.system} ${row.scenario}: ${note}`));
  if (notes.length) lines.push("", "## Notes", "", ...notes);
  if (summary.failures.length)
    lines.push("", "## Failed scenarios (no row written)", "", ...summary.failures.map((failure) => `- ${failure}`));
  lines.push("", "![chart](latest.svg)", "");
  return lines.join("\n");
}

/** Writes results/latest.{json,md,svg}; returns the directory. */
export async function writeResults(summary: RunSummary): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const rows = summary.results.map((result) => result.row);
  const subtitle = `${summary.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC · ${summary.settings.mode} mode · ${machineDescription()}`;
  await Promise.all([
    writeFile(`${RESULTS_DIR}latest.json`, `${JSON.stringify(rows, null, 2)}\n`),
    writeFile(`${RESULTS_DIR}latest.md`, markdown(summary)),
    writeFile(`${RESULTS_DIR}latest.svg`, renderChart(summary.results, subtitle)),
  ]);
  return RESULTS_DIR;
}
