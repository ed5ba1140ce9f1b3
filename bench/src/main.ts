/**
 * Fan-out benchmark: the same open-loop chat workload against OnAir's WebSocket
 * server, a raw ws + Redis broadcaster and Socket.IO with the Redis adapter,
 * two instances each. See bench/README.md.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { installExitHandlers, onCleanup, runCleanup, shuttingDown } from "./cleanup";
import { ViewerPool } from "./client/viewer-pool";
import { checkRedis, chooseTestDatabaseServer, deleteRedisKeys, openFileLimit } from "./environment";
import { elapsedSeconds, log } from "./log";
import { runIngestBench, writeIngestResults } from "./ingest/ingest-bench";
import { OnAirFixture } from "./onair-fixture";
import { machineDescription, writeResults } from "./report";
import type { ScenarioResult } from "./results";
import { runScenario } from "./scenario-runner";
import { runShopBench, writeShopResults } from "./shop/shop-bench";
import { parseSettings, type Settings } from "./scenarios";
import type { SystemContext } from "./systems";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** Sockets a process needs besides its viewers (Redis, PostgreSQL, stdio, inspector...). */
const FD_HEADROOM = 200;

function checkFileLimit(settings: Settings): void {
  const limit = openFileLimit();
  const maxViewers = Math.max(...settings.scenarios.map((scenario) => scenario.viewers));
  const perViewerProcess = Math.ceil(maxViewers / settings.viewerProcesses) + FD_HEADROOM;
  const perServer = Math.ceil(maxViewers / 2) + FD_HEADROOM;
  const needed = Math.max(perViewerProcess, perServer);
  log(`open-file limit ${limit}; the busiest process needs about ${needed}`);
  if (needed > limit) throw new Error(`raise the open-file limit (ulimit -n ${needed * 2}) or use more --viewer-procs`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => arg !== "--");
  const settings = parseSettings(args);
  const startedAt = new Date();
  const command = ["pnpm bench", ...args].join(" ");
  // --ingest=only / --shop=only run that part alone; otherwise fan-out, then ingest, then shop (each unless skipped).
  const runFanout = settings.ingest !== "only" && settings.shop !== "only";
  const runIngest = settings.ingest === "only" || (settings.ingest === "run" && settings.shop !== "only");
  const runShop = settings.shop === "only" || (settings.shop === "run" && settings.ingest !== "only");
  log(
    `mode ${settings.mode}; ` +
      (runFanout ? `systems ${settings.systems.join(", ")}; scenarios ${settings.scenarios.map((s) => s.name).join(", ")}; ` : "") +
      `ingest ${runIngest ? "yes" : "no"}; shop ${runShop ? "yes" : "no"}`,
  );
  log(`machine: ${machineDescription()}`);
  checkFileLimit(settings);
  await checkRedis(REDIS_URL);

  const redisKeyPrefix = `bench-${randomBytes(4).toString("hex")}:`;
  onCleanup("redis keys", async () => {
    const deleted = await deleteRedisKeys(REDIS_URL, redisKeyPrefix);
    if (deleted) log(`deleted ${deleted} Redis keys under ${redisKeyPrefix}`);
  });
  const logDir = await mkdtemp(path.join(os.tmpdir(), "onair-bench-"));
  log(`server logs${settings.cpuProfile ? " and CPU profiles" : ""} in ${logDir}`);

  let onair: OnAirFixture | undefined;
  if ((runFanout && settings.systems.includes("onair")) || runIngest || runShop) {
    log(`creating a migrated database on ${await chooseTestDatabaseServer()}`);
    onair = await OnAirFixture.create();
    onCleanup("onair database", () => onair!.dispose());
  }
  const pool = runFanout ? ViewerPool.start(settings.viewerProcesses) : undefined;
  if (pool) onCleanup("viewer processes", () => pool.stop());

  const context: SystemContext = { redisUrl: REDIS_URL, redisKeyPrefix, logDir, onair };
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  for (const scenario of pool ? settings.scenarios : []) {
    for (const system of settings.systems) {
      if (shuttingDown()) return;
      try {
        const result = await runScenario(system, scenario, { pool: pool!, context, settings });
        results.push(result);
        const { row } = result;
        log(
          `${system} ${scenario.name} | done: delivered/s ${row.delivered_per_s}, p50 ${row.p50_ms ?? "–"} ms, p99 ${row.p99_ms ?? "–"} ms, ` +
            `lost ${row.lost}, dup ${row.duplicated}, server CPU ${row.server_cpu_s} s` +
            (row.rss_per_conn_kib === null ? "" : `, ${row.rss_per_conn_kib} KiB/conn`),
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${system} ${scenario.name}: ${message}`);
        log(`${system} ${scenario.name} | FAILED: ${message}`);
      }
    }
  }

  if (runFanout) {
    const durationS = elapsedSeconds();
    const dir = await writeResults({ settings, command, startedAt, durationS, results, failures });
    log(`wrote ${dir}latest.{json,md,svg} (${results.length} rows, ${failures.length} failed) in ${Math.round(durationS)} s`);
  }
  if (runIngest && !shuttingDown()) {
    try {
      const ingest = await runIngestBench(onair!, logDir, settings.ingestSettings);
      const dir = await writeIngestResults(ingest, { command, machine: machineDescription(), startedAt });
      log(`wrote ${dir}ingest-latest.{json,md}`);
    } catch (error) {
      failures.push(`ingest: ${error instanceof Error ? error.message : String(error)}`);
      log(`ingest | FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (runShop && !shuttingDown()) {
    try {
      const shop = await runShopBench(onair!, context, settings.shopSettings, { cpuProfile: settings.cpuProfile });
      const dir = await writeShopResults(shop, { command, machine: machineDescription(), startedAt });
      log(`wrote ${dir}shop-latest.{json,md}${shop.failures.length ? ` (${shop.failures.length} failures)` : ""}`);
      failures.push(...shop.failures);
      for (const failure of shop.failures) log(`FAILED: ${failure}`);
    } catch (error) {
      failures.push(`shop: ${error instanceof Error ? error.message : String(error)}`);
      log(`shop | FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length) process.exitCode = 1;
}

installExitHandlers();
try {
  await main();
} catch (error) {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await runCleanup();
}
