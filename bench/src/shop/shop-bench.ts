/**
 * Live shopping under load, through the real API: open-loop purchase attempts
 * (checkout.start, then checkout.place with pay-on-delivery when the start
 * succeeded) from many signed-in buyers over tRPC WebSockets against two
 * OnAir WebSocket servers, on a hot product with 10 units left and on one
 * with ample stock; afterwards PostgreSQL is checked for oversell.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { onCleanup } from "../cleanup";
import { newLatencyHistogram, percentileMs } from "../histogram";
import { formatCount, log } from "../log";
import { nowMs } from "../message";
import type { OnAirFixture } from "../onair-fixture";
import { busyPercent, machineCpu, totalCpuSeconds } from "../procstat";
import { startSystem, type SystemContext } from "../systems";
import { BuyerClient, type CallResult } from "./buyer-client";
import { ShopFixture, type ShopProduct, type StockAudit } from "./shop-fixture";

export interface ShopSettings {
  /** Purchase attempts per second offered in each timed phase (the issue's target: 1,000). */
  rate: number;
  /** Attempts on a separate ample-stock product first, discarded (JIT, pools, first queries). */
  warmupS: number;
  /** Length of each measured phase (hot, then ample). */
  measureS: number;
  /** After the last scheduled attempt, how long answers may still come before the rest count as unfinished. */
  drainS: number;
  /** Buyer accounts, one WebSocket each, spread over both instances. */
  buyers: number;
  /** Units of the hot products. */
  hotStock: number;
  ampleStock: number;
  connectConcurrency: number;
}

const TARGET = { attemptsPerS: 1_000, p99Ms: 100 };
const HOT_PRICE_CENTS = 2_500;
const AMPLE_PRICE_CENTS = 1_500;
const SHIPPING_ADDRESS = { name: "Bench Buyer", line1: "1 Bench Street", city: "Berlin", postalCode: "10115", country: "DE" };
/** Refusals that are the expected answer on a product that ran out. */
const SOLD_OUT = /sold out/i;

export interface ShopRow {
  product: "hot" | "ample" | "hot-burst";
  initial_stock: number;
  /** Attempts per second offered (null for the burst: all at once). */
  offered_per_s: number | null;
  attempts: number;
  completed: number;
  /** Completed attempts ÷ the window (first scheduled attempt → last answer, at least the schedule's length). */
  achieved_per_s: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  ordered: number;
  ordered_units: number;
  sold_out: number;
  /** Every other answer, by stage and tRPC code (e.g. "start CONFLICT"), with the first message seen. */
  errors: Record<string, { count: number; example: string }>;
  /** No answer by the end of the drain period. */
  unfinished: number;
  /** Attempts that had to reuse a buyer whose previous attempt was still running. */
  buyer_reuse: number;
  server_cpu_s: number;
  machine_busy_pct: number;
  window_s: number;
  audit: StockAudit;
  /** The issue's target (≥ 1,000 attempts/s, p99 ≤ 100 ms, no oversell); null for the burst, which has no rate. */
  target_met: boolean | null;
}

export interface ShopResult {
  settings: ShopSettings;
  buyers: number;
  rows: ShopRow[];
  notes: string[];
  /** Oversell, inconsistent stock or unexpected errors: the scenario failed. */
  failures: string[];
}

interface PhaseStats {
  histogram: ReturnType<typeof newLatencyHistogram>;
  completed: number;
  ordered: number;
  orderedUnits: number;
  soldOut: number;
  errors: Map<string, { count: number; example: string }>;
  inFlight: number;
  lastAnswerMs: number;
  buyerReuse: number;
  /** Set at the end of the drain: later answers are not counted. */
  closed: boolean;
}

const newPhaseStats = (): PhaseStats => ({
  histogram: newLatencyHistogram(),
  completed: 0,
  ordered: 0,
  orderedUnits: 0,
  soldOut: 0,
  errors: new Map(),
  inFlight: 0,
  lastAnswerMs: 0,
  buyerReuse: 0,
  closed: false,
});

/** Hands out buyers with no attempt running (longest idle first); when all are busy, the next one round-robin. */
class BuyerQueue {
  private readonly idle: BuyerClient[];
  private readonly running = new Map<BuyerClient, number>();
  private next = 0;

  constructor(private readonly all: BuyerClient[]) {
    this.idle = [...all];
  }

  take(stats: PhaseStats): BuyerClient {
    let buyer = this.idle.shift();
    if (!buyer) {
      stats.buyerReuse++;
      buyer = this.all[this.next++ % this.all.length]!;
    }
    this.running.set(buyer, (this.running.get(buyer) ?? 0) + 1);
    return buyer;
  }

  release(buyer: BuyerClient): void {
    const running = (this.running.get(buyer) ?? 1) - 1;
    if (running > 0) return void this.running.set(buyer, running);
    this.running.delete(buyer);
    this.idle.push(buyer);
  }
}

function countError(stats: PhaseStats, stage: string, result: Extract<CallResult, { ok: false }>): void {
  const key = `${stage} ${result.code}`;
  const entry = stats.errors.get(key);
  if (entry) entry.count++;
  else stats.errors.set(key, { count: 1, example: result.message.slice(0, 160) });
}

/** One attempt: start, then place when the start succeeded; latency runs from the intended start time to the last answer. */
async function attempt(buyer: BuyerClient, product: ShopProduct, streamId: string, quantity: number, dueMs: number, stats: PhaseStats) {
  stats.inFlight++;
  const started = await buyer.mutation("checkout.start", {
    requestId: randomUUID(),
    streamId,
    productId: product.productId,
    variantId: product.variantId,
    quantity,
    expectedUnitPriceCents: product.priceCents,
  });
  let outcome: "ordered" | "sold-out" | { stage: string; error: Extract<CallResult, { ok: false }> };
  if (!started.ok) {
    outcome = started.code === "CONFLICT" && SOLD_OUT.test(started.message) ? "sold-out" : { stage: "start", error: started };
  } else {
    const checkoutId = (started.data as { id?: unknown } | undefined)?.id;
    const placed =
      typeof checkoutId === "string"
        ? await buyer.mutation("checkout.place", { checkoutId, shippingAddress: SHIPPING_ADDRESS, paymentMethod: "COD" })
        : ({ ok: false, code: "BAD_ANSWER", message: "checkout.start answered without an id" } as const);
    outcome = placed.ok ? "ordered" : { stage: "place", error: placed };
  }
  const doneMs = nowMs();
  stats.inFlight--;
  if (stats.closed) return;
  // A socket closed or the bench stopped waiting: counted as unfinished, not answered.
  if (typeof outcome === "object" && (outcome.error.code === "TIMEOUT" || outcome.error.code === "CLOSED")) return;
  stats.completed++;
  stats.lastAnswerMs = Math.max(stats.lastAnswerMs, doneMs);
  stats.histogram.recordValue(Math.max(1, Math.round((doneMs - dueMs) * 1000)));
  if (outcome === "ordered") {
    stats.ordered++;
    stats.orderedUnits += quantity;
  } else if (outcome === "sold-out") stats.soldOut++;
  else countError(stats, outcome.stage, outcome.error);
}

interface PhasePlan {
  product: ShopProduct;
  /** Attempts per second; Infinity: all at the same moment. */
  rate: number;
  count: number;
  quantity: (n: number) => number;
}

/** Open loop: attempt n is due at start + n / rate and is sent then, whatever earlier attempts are doing. */
async function runPhase(plan: PhasePlan, streamId: string, buyers: BuyerQueue, drainS: number) {
  const stats = newPhaseStats();
  const intervalMs = Number.isFinite(plan.rate) ? 1000 / plan.rate : 0;
  const startMs = nowMs() + 20;
  let maxLagMs = 0;
  for (let n = 0; n < plan.count;) {
    const now = nowMs();
    for (let due = startMs + n * intervalMs; n < plan.count && due <= now; due = startMs + n * intervalMs) {
      const buyer = buyers.take(stats);
      void attempt(buyer, plan.product, streamId, plan.quantity(n), due, stats).finally(() => buyers.release(buyer));
      maxLagMs = Math.max(maxLagMs, now - due);
      n++;
    }
    if (n < plan.count) await sleep(Math.max(0, startMs + n * intervalMs - nowMs()));
  }
  const scheduleEndMs = startMs + plan.count * intervalMs;
  while (stats.inFlight > 0 && nowMs() < scheduleEndMs + drainS * 1000) await sleep(20);
  const unfinished = stats.inFlight;
  stats.closed = true;
  const windowMs = Math.max(scheduleEndMs - startMs, (stats.lastAnswerMs || nowMs()) - startMs);
  return { stats, unfinished, windowS: windowMs / 1000, maxLagMs };
}

const round = (value: number | null, digits = 1) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

export async function runShopBench(onair: OnAirFixture, context: SystemContext, settings: ShopSettings): Promise<ShopResult> {
  const fixture = await ShopFixture.create(onair.databaseUrl);
  const unregisterFixture = onCleanup("shop fixture", () => fixture.dispose());
  try {
    return await runWithFixture(fixture, context, settings);
  } finally {
    unregisterFixture();
    await fixture.dispose();
  }
}

async function runWithFixture(fixture: ShopFixture, context: SystemContext, settings: ShopSettings): Promise<ShopResult> {
  const notes: string[] = [];
  const failures: string[] = [];
  const warmProduct = await fixture.addProduct("warm-up", AMPLE_PRICE_CENTS, settings.ampleStock);
  const hot = await fixture.addProduct("hot", HOT_PRICE_CENTS, settings.hotStock);
  const ample = await fixture.addProduct("ample", AMPLE_PRICE_CENTS, settings.ampleStock);
  const burstProduct = await fixture.addProduct("hot-burst", HOT_PRICE_CENTS, settings.hotStock);
  const tokens = await fixture.createBuyers(settings.buyers);
  log(
    `shop: stream ${fixture.streamId}, ${tokens.length} buyers with API tokens, products hot (${settings.hotStock}) and ample (${formatCount(settings.ampleStock)})`,
  );

  const system = await startSystem("onair", context, { inspect: false });
  const unregisterServers = onCleanup("shop servers", () => system.stop());
  const baseUrls = system.instances.map((server) => `ws://127.0.0.1:${server.port}`);
  const clients: BuyerClient[] = [];
  const unregisterClients = onCleanup("shop buyers", async () => {
    await Promise.all(clients.map((client) => client.close()));
  });
  try {
    for (let first = 0; first < tokens.length; first += settings.connectConcurrency) {
      const batch = tokens.slice(first, first + settings.connectConcurrency);
      clients.push(
        ...(await Promise.all(batch.map((token, index) => BuyerClient.connect(baseUrls[(first + index) % baseUrls.length]!, token)))),
      );
    }
    log(`shop: ${clients.length} buyers connected to ${baseUrls.length} instances`);
    const buyers = new BuyerQueue(clients);
    const pids = system.instances.map((server) => server.pid);

    const warm = await runPhase(
      { product: warmProduct, rate: settings.rate, count: Math.round(settings.rate * settings.warmupS), quantity: () => 1 },
      fixture.streamId,
      buyers,
      settings.drainS,
    );
    log(`shop warm-up: ${warm.stats.ordered} ordered of ${warm.stats.completed} answered, ${warm.unfinished} unfinished`);
    if (warm.stats.ordered === 0) {
      const [key, first] = [...warm.stats.errors][0] ?? ["no answer", { example: "" }];
      throw new Error(`shop: no purchase succeeded in the warm-up (${key}: ${first.example})`);
    }
    for (const [key, { count, example }] of warm.stats.errors) notes.push(`warm-up: ${count} × ${key} (${example})`);

    const rows: ShopRow[] = [];
    const plans: (PhasePlan & { name: ShopRow["product"] })[] = [
      { name: "hot", product: hot, rate: settings.rate, count: Math.round(settings.rate * settings.measureS), quantity: () => 1 },
      { name: "ample", product: ample, rate: settings.rate, count: Math.round(settings.rate * settings.measureS), quantity: () => 1 },
      // Every buyer presses Buy at the same moment, for 1–3 units each: the race for the last units.
      { name: "hot-burst", product: burstProduct, rate: Infinity, count: clients.length, quantity: (n) => 1 + (n % 3) },
    ];
    for (const plan of plans) {
      const cpuBefore = totalCpuSeconds(pids);
      const machineBefore = machineCpu();
      const phase = await runPhase(plan, fixture.streamId, buyers, settings.drainS);
      const serverCpuS = totalCpuSeconds(pids) - cpuBefore;
      const busy = busyPercent(machineBefore, machineCpu());
      const audit = await fixture.audit(plan.product);
      const { stats } = phase;
      const achieved = stats.completed / phase.windowS;
      const p99 = percentileMs(stats.histogram, 99);
      const row: ShopRow = {
        product: plan.name,
        initial_stock: plan.product.initialStock,
        offered_per_s: Number.isFinite(plan.rate) ? plan.rate : null,
        attempts: plan.count,
        completed: stats.completed,
        achieved_per_s: Math.round(achieved),
        p50_ms: round(percentileMs(stats.histogram, 50)),
        p95_ms: round(percentileMs(stats.histogram, 95)),
        p99_ms: round(p99),
        max_ms: round(stats.histogram.totalCount ? stats.histogram.maxValue / 1000 : null),
        ordered: stats.ordered,
        ordered_units: stats.orderedUnits,
        sold_out: stats.soldOut,
        errors: Object.fromEntries(stats.errors),
        unfinished: phase.unfinished,
        buyer_reuse: stats.buyerReuse,
        server_cpu_s: round(serverCpuS, 2)!,
        machine_busy_pct: Math.round(busy),
        window_s: round(phase.windowS, 2)!,
        audit,
        target_met: Number.isFinite(plan.rate)
          ? achieved >= TARGET.attemptsPerS && p99 !== null && p99 <= TARGET.p99Ms && audit.problems.length === 0
          : null,
      };
      rows.push(row);
      log(
        `shop ${plan.name}: ${formatCount(row.completed)}/${formatCount(row.attempts)} answered, ${formatCount(row.achieved_per_s)}/s, ` +
          `p50 ${row.p50_ms ?? "–"} ms, p99 ${row.p99_ms ?? "–"} ms, ordered ${row.ordered} (${row.ordered_units} units), sold out ${row.sold_out}, ` +
          `other errors ${[...stats.errors.values()].reduce((sum, entry) => sum + entry.count, 0)}, unfinished ${row.unfinished}; ` +
          `stock ${audit.initialStock} → ${audit.stockLeft}${audit.problems.length ? `; PROBLEMS: ${audit.problems.join("; ")}` : ""}`,
      );
      if (phase.maxLagMs > 50) notes.push(`${plan.name}: the driver sent up to ${Math.round(phase.maxLagMs)} ms late (counted as latency)`);
      if (stats.buyerReuse)
        notes.push(`${plan.name}: ${stats.buyerReuse} attempts reused a buyer whose previous attempt was still running`);
      if (audit.releasedCheckouts)
        notes.push(`${plan.name}: ${audit.releasedCheckouts} checkouts expired or were cancelled during the run`);
      for (const problem of audit.problems) failures.push(`shop ${plan.name}: ${problem}`);
      for (const [key, { count, example }] of stats.errors) failures.push(`shop ${plan.name}: ${count} unexpected ${key} (${example})`);
    }
    for (const problem of (await fixture.audit(warmProduct)).problems) failures.push(`shop warm-up: ${problem}`);
    return { settings, buyers: clients.length, rows, notes, failures };
  } finally {
    unregisterClients();
    await Promise.all(clients.map((client) => client.close()));
    unregisterServers();
    await system.stop();
  }
}

/** bench/results/shop-latest.{json,md}. */
export async function writeShopResults(
  result: ShopResult,
  context: { command: string; machine: string; startedAt: Date },
): Promise<string> {
  const dir = fileURLToPath(new URL("../../results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}shop-latest.json`, `${JSON.stringify({ ...context, target: TARGET, ...result }, null, 2)}\n`);
  const { settings, rows, notes, failures } = result;
  const errorsOf = (row: ShopRow) =>
    Object.entries(row.errors)
      .map(([key, { count }]) => `${count} ${key}`)
      .join(", ") || "0";
  const verdict = (row: ShopRow) => (row.target_met === null ? "–" : row.target_met ? "met" : "missed");
  const lines = [
    "# OnAir live shopping — latest results",
    "",
    `- Date: ${context.startedAt.toISOString()}`,
    `- Machine: ${context.machine}`,
    `- Command: \`${context.command}\``,
    `- ${result.buyers} buyers (one API token and one tRPC WebSocket each, alternating between two OnAir WebSocket servers with Redis between them), driven open-loop from the harness process.`,
    `- Attempt = \`checkout.start\` (quantity 1), then \`checkout.place\` with pay on delivery when the start succeeded; latency = intended start time → last answer.`,
    `- Phases: warm-up ${settings.warmupS} s on its own product (discarded), then ${settings.measureS} s at ${formatCount(settings.rate)} attempts/s on the hot product (${settings.hotStock} units), the same on the ample one (${formatCount(settings.ampleStock)} units), then a burst: every buyer at the same moment on a second ${settings.hotStock}-unit product (1–3 units each). Drain ${settings.drainS} s.`,
    `- Target: ≥ ${formatCount(TARGET.attemptsPerS)} attempts/s, p99 ≤ ${TARGET.p99Ms} ms, zero oversell. Stock is audited in PostgreSQL after each phase: orders' units ≤ initial stock, stock ≥ 0, stock + held + placed = initial.`,
    "",
    "| product | stock | offered/s | achieved/s | p50 ms | p95 ms | p99 ms | max ms | ordered (units) | sold out | other errors | unfinished | stock left | oversell | server CPU s | machine busy % | target |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|---|",
    ...rows.map(
      (row) =>
        `| ${row.product} | ${formatCount(row.initial_stock)} | ${row.offered_per_s === null ? `burst of ${row.attempts}` : formatCount(row.offered_per_s)} | ${formatCount(row.achieved_per_s)} | ` +
        `${row.p50_ms ?? "–"} | ${row.p95_ms ?? "–"} | ${row.p99_ms ?? "–"} | ${row.max_ms ?? "–"} | ${formatCount(row.ordered)} (${formatCount(row.ordered_units)}) | ` +
        `${formatCount(row.sold_out)} | ${errorsOf(row)} | ${row.unfinished} | ${formatCount(row.audit.stockLeft)} | ${row.audit.problems.length ? "**YES**" : "none"} | ` +
        `${row.server_cpu_s} | ${row.machine_busy_pct} | ${verdict(row)} |`,
    ),
    ...(notes.length || failures.length
      ? ["", "## Notes", "", ...failures.map((failure) => `- **FAILED:** ${failure}`), ...notes.map((note) => `- ${note}`)]
      : []),
    "",
  ];
  await writeFile(`${dir}shop-latest.md`, lines.join("\n"));
  return dir;
}
