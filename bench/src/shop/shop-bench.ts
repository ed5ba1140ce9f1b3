/**
 * Live shopping under load, through the real API: open-loop purchase attempts
 * (checkout.start, then checkout.place with pay-on-delivery when the start
 * succeeded) from many signed-in buyers over tRPC WebSockets against two
 * OnAir WebSocket servers, on a hot product with 10 units left and on one
 * with ample stock; afterwards PostgreSQL is checked for oversell.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { onCleanup } from "../cleanup";
import { newLatencyHistogram, percentileMs } from "../histogram";
import { formatCount, log } from "../log";
import { nowMs } from "../message";
import type { OnAirFixture } from "../onair-fixture";
import { startCpuProfile } from "../inspector";
import { busyPercent, machineCpu, totalCpuSeconds } from "../procstat";
import { summariseProfile } from "../profile-summary";
import type { ServerProcess } from "../server-process";
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
  /** Buyers attempting back to back in the closed-loop phase. */
  closedLoopConcurrency: number;
  /** Units of the hot products. */
  hotStock: number;
  ampleStock: number;
  connectConcurrency: number;
}

/** After a phase's drain, how long its unanswered attempts may still take before the next phase starts anyway. */
const SETTLE_LIMIT_S = 60;
const WARMUP_MAX_RATE = 200;
const CANCEL_CONCURRENCY = 20;
/**
 * Each simulated buyer makes far more attempts than a person would (500 buyers carry 1,000 attempts/s), so the
 * per-buyer allowance of checkout starts (default 30 per 60 s) is lifted; everything else runs with its defaults.
 */
const SERVER_ENV = { SHOP_CHECKOUT_USER_RATE_LIMIT: "99999/1" };
const TARGET = { attemptsPerS: 1_000, p99Ms: 100 };
const HOT_PRICE_CENTS = 2_500;
const AMPLE_PRICE_CENTS = 1_500;
const SHIPPING_ADDRESS = { name: "Bench Buyer", line1: "1 Bench Street", city: "Berlin", postalCode: "10115", country: "DE" };
/**
 * Answers an overloaded server may give (a transaction that waited too long for a connection, the database
 * unavailable, a buyer's hold limit reached because earlier attempts are still running): reported, not failed.
 * Every other refusal but "sold out" means the bench or the API is wrong, and fails the scenario.
 */
const LOAD_ERRORS = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TOO_MANY_REQUESTS", "TIMEOUT"]);
/** Refusals that are the expected answer on a product that ran out. */
const SOLD_OUT = /sold out/i;

export interface ShopRow {
  /** Also the name of the product it buys (each phase has its own). */
  phase: "hot" | "ample" | "hot-burst" | "ample-sustained";
  initial_stock: number;
  /** "open loop" (fixed rate), "burst" (every buyer at once) or "closed loop × N" (N buyers back to back: what the API sustains). */
  load: string;
  /** Attempts per second offered (open loop only). */
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
  /** Server CPU (both instances, phase start → last answer, late ones included) per attempt; null when some never got an answer. */
  server_cpu_ms_per_attempt: number | null;
  machine_busy_pct: number;
  window_s: number;
  audit: StockAudit;
  /** The issue's target (≥ 1,000 attempts/s, p99 ≤ 100 ms, no oversell), judged on the open-loop rows; null on the others. */
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
  /** Set at the end of the drain: later answers are not counted as answered, only tallied here by outcome. */
  closed: boolean;
  late: Map<string, number>;
  /** Checkouts started whose place failed: still holding units, cancelled after the phase. */
  abandoned: { buyer: BuyerClient; checkoutId: string }[];
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
  late: new Map(),
  abandoned: [],
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
    if (!placed.ok && typeof checkoutId === "string") stats.abandoned.push({ buyer, checkoutId });
  }
  const doneMs = nowMs();
  stats.inFlight--;
  if (stats.closed) {
    const key = typeof outcome === "string" ? outcome : `${outcome.stage} ${outcome.error.code}`;
    stats.late.set(key, (stats.late.get(key) ?? 0) + 1);
    return;
  }
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
  /**
   * open: attempt n is due at start + n / rate and is sent then, whatever earlier attempts are doing;
   * burst: `count` attempts at the same moment; closed: `concurrency` buyers, each starting its next
   * attempt when the previous one is answered, for `durationS` (the rate the API sustains; `count` unused).
   */
  load: { kind: "open"; rate: number } | { kind: "burst" } | { kind: "closed"; concurrency: number; durationS: number };
  count: number;
  quantity: (n: number) => number;
}

async function runPhase(plan: PhasePlan, streamId: string, buyers: BuyerQueue, drainS: number) {
  const stats = newPhaseStats();
  const startMs = nowMs() + 20;
  let maxLagMs = 0;
  let scheduleEndMs = startMs;
  let attempts = plan.count;
  if (plan.load.kind === "closed") {
    let next = 0;
    scheduleEndMs = startMs + plan.load.durationS * 1000;
    await sleep(startMs - nowMs());
    await Promise.all(
      Array.from({ length: plan.load.concurrency }, async () => {
        while (nowMs() < scheduleEndMs) {
          const n = next++;
          const buyer = buyers.take(stats);
          await attempt(buyer, plan.product, streamId, plan.quantity(n), nowMs(), stats).finally(() => buyers.release(buyer));
        }
      }),
    );
    attempts = next;
  } else {
    const intervalMs = plan.load.kind === "open" ? 1000 / plan.load.rate : 0;
    maxLagMs = await sendOpenLoop(plan, startMs, intervalMs, (n, dueMs) => {
      const buyer = buyers.take(stats);
      void attempt(buyer, plan.product, streamId, plan.quantity(n), dueMs, stats).finally(() => buyers.release(buyer));
    });
    scheduleEndMs = startMs + plan.count * intervalMs;
  }
  while (stats.inFlight > 0 && nowMs() < scheduleEndMs + drainS * 1000) await sleep(20);
  const unfinished = stats.inFlight;
  stats.closed = true;
  const windowMs = Math.max(scheduleEndMs - startMs, (stats.lastAnswerMs || nowMs()) - startMs);
  // Late answers are not counted, but the next phase (and the stock audit) waits for them, so phases never overlap.
  const settleUntilMs = nowMs() + SETTLE_LIMIT_S * 1000;
  while (stats.inFlight > 0 && nowMs() < settleUntilMs) await sleep(50);
  const cancelled = await cancelAbandoned(stats.abandoned);
  return {
    cancelled,
    stats,
    attempts,
    unfinished,
    stillRunning: stats.inFlight,
    windowS: windowMs / 1000,
    maxLagMs,
  };
}

/**
 * A start whose place failed (overload) leaves an open checkout holding units for SHOP_HOLD_SECONDS; its buyer
 * gives up and cancels it, as a person would, so that later phases do not meet the five-open-checkouts rule.
 */
async function cancelAbandoned(abandoned: PhaseStats["abandoned"]): Promise<{ ok: number; failed: number }> {
  const result = { ok: 0, failed: 0 };
  for (let first = 0; first < abandoned.length; first += CANCEL_CONCURRENCY) {
    const answers = await Promise.all(
      abandoned.slice(first, first + CANCEL_CONCURRENCY).map(({ buyer, checkoutId }) => buyer.mutation("checkout.cancel", { checkoutId })),
    );
    for (const answer of answers) result[answer.ok ? "ok" : "failed"]++;
  }
  return result;
}

/** Calls `send(n, due)` for attempt n at start + n × interval (0: all at once); resolves to how late it sent at worst. */
async function sendOpenLoop(
  plan: PhasePlan,
  startMs: number,
  intervalMs: number,
  send: (n: number, dueMs: number) => void,
): Promise<number> {
  let maxLagMs = 0;
  for (let n = 0; n < plan.count;) {
    const now = nowMs();
    for (let due = startMs + n * intervalMs; n < plan.count && due <= now; due = startMs + n * intervalMs) {
      send(n, due);
      maxLagMs = Math.max(maxLagMs, now - due);
      n++;
    }
    if (n < plan.count) await sleep(Math.max(0, startMs + n * intervalMs - nowMs()));
  }
  return maxLagMs;
}

/** Overload answers go to the notes; any other answer but ordered or sold out fails the scenario. */
function reportErrors(phase: string, stats: PhaseStats, notes: string[], failures: string[]): void {
  for (const [key, { count, example }] of stats.errors) {
    const overload = LOAD_ERRORS.has(key.split(" ")[1]!);
    (overload ? notes : failures).push(
      `shop ${phase}: ${count} × ${key}${overload ? " (overload: reported, not a failure)" : ""} — ${example}`,
    );
  }
  for (const [key, count] of stats.late) {
    if (key === "ordered" || key === "sold-out" || LOAD_ERRORS.has(key.split(" ")[1]!)) continue;
    failures.push(`shop ${phase}: ${count} × ${key} (answered after the drain)`);
  }
}

const round = (value: number | null, digits = 1) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** With --cpu-prof: profiles both servers over the ample-sustained phase; one note per server. */
async function startProfiles(servers: ServerProcess[], logDir: string): Promise<() => Promise<string[]>> {
  const stops = await Promise.all(
    servers.map(async (server) => {
      if (!server.inspectorUrl) throw new Error(`${server.name} has no inspector to profile with`);
      return { server, stop: await startCpuProfile(server.inspectorUrl) };
    }),
  );
  return () =>
    Promise.all(
      stops.map(async ({ server, stop }) => {
        const profile = await stop();
        const file = path.join(logDir, `shop-${server.name}.cpuprofile`);
        await writeFile(file, profile);
        const summary = `CPU profile of ${server.name} over ample-sustained (self time, idle excluded): ${summariseProfile(profile)}`;
        log(`shop: ${summary} (${file})`);
        return summary;
      }),
    );
}

export async function runShopBench(
  onair: OnAirFixture,
  context: SystemContext,
  settings: ShopSettings,
  options: { cpuProfile: boolean },
): Promise<ShopResult> {
  const fixture = await ShopFixture.create(onair.databaseUrl);
  const unregisterFixture = onCleanup("shop fixture", () => fixture.dispose());
  try {
    return await runWithFixture(fixture, context, settings, options.cpuProfile);
  } finally {
    unregisterFixture();
    await fixture.dispose();
  }
}

async function runWithFixture(
  fixture: ShopFixture,
  context: SystemContext,
  settings: ShopSettings,
  cpuProfile: boolean,
): Promise<ShopResult> {
  const notes: string[] = [];
  const failures: string[] = [];
  const warmProduct = await fixture.addProduct("warm-up", AMPLE_PRICE_CENTS, settings.ampleStock);
  const hot = await fixture.addProduct("hot", HOT_PRICE_CENTS, settings.hotStock);
  const ample = await fixture.addProduct("ample", AMPLE_PRICE_CENTS, settings.ampleStock);
  const burstProduct = await fixture.addProduct("hot-burst", HOT_PRICE_CENTS, settings.hotStock);
  const sustained = await fixture.addProduct("ample-sustained", AMPLE_PRICE_CENTS, settings.ampleStock);
  const tokens = await fixture.createBuyers(settings.buyers);
  log(
    `shop: stream ${fixture.streamId}, ${tokens.length} buyers with API tokens, products hot (${settings.hotStock}) and ample (${formatCount(settings.ampleStock)})`,
  );

  const system = await startSystem("onair", context, { inspect: cpuProfile, env: SERVER_ENV });
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

    // Warms JIT, pools and the job queue without a backlog that would spill into the measured phases.
    const warmRate = Math.min(settings.rate, WARMUP_MAX_RATE);
    const warm = await runPhase(
      { product: warmProduct, load: { kind: "open", rate: warmRate }, count: Math.round(warmRate * settings.warmupS), quantity: () => 1 },
      fixture.streamId,
      buyers,
      settings.drainS,
    );
    log(
      `shop warm-up: ${warm.stats.ordered} ordered of ${warm.stats.completed} answered, ${warm.unfinished} unfinished` +
        (warm.stats.late.size ? ` (answered later: ${[...warm.stats.late].map(([key, count]) => `${count} ${key}`).join(", ")})` : ""),
    );
    if (warm.stats.ordered === 0 && !warm.stats.late.has("ordered")) {
      const [key, first] = [...warm.stats.errors][0] ?? ["no answer", { example: "" }];
      throw new Error(`shop: no purchase succeeded in the warm-up (${key}: ${first.example})`);
    }
    reportErrors("warm-up", warm.stats, notes, failures);

    const rows: ShopRow[] = [];
    const open = { kind: "open", rate: settings.rate } as const;
    const plans: (PhasePlan & { name: ShopRow["phase"] })[] = [
      { name: "hot", product: hot, load: open, count: Math.round(settings.rate * settings.measureS), quantity: () => 1 },
      { name: "ample", product: ample, load: open, count: Math.round(settings.rate * settings.measureS), quantity: () => 1 },
      // Every buyer presses Buy at the same moment, for 1–3 units each: the race for the last units.
      { name: "hot-burst", product: burstProduct, load: { kind: "burst" }, count: clients.length, quantity: (n) => 1 + (n % 3) },
      {
        name: "ample-sustained",
        product: sustained,
        load: { kind: "closed", concurrency: settings.closedLoopConcurrency, durationS: settings.measureS },
        count: 0,
        quantity: () => 1,
      },
    ];
    for (const plan of plans) {
      const cpuBefore = totalCpuSeconds(pids);
      const machineBefore = machineCpu();
      const stopProfiles =
        cpuProfile && plan.name === "ample-sustained" ? await startProfiles(system.instances, context.logDir) : undefined;
      const phase = await runPhase(plan, fixture.streamId, buyers, settings.drainS);
      if (stopProfiles) notes.push(...(await stopProfiles()), "servers ran with the inspector and the sampling profiler attached");
      const serverCpuS = totalCpuSeconds(pids) - cpuBefore;
      const busy = busyPercent(machineBefore, machineCpu());
      const audit = await fixture.audit(plan.product);
      const { stats } = phase;
      const achieved = stats.completed / phase.windowS;
      const p99 = percentileMs(stats.histogram, 99);
      const row: ShopRow = {
        phase: plan.name,
        initial_stock: plan.product.initialStock,
        load: plan.load.kind === "open" ? "open loop" : plan.load.kind === "burst" ? "burst" : `closed loop × ${plan.load.concurrency}`,
        offered_per_s: plan.load.kind === "open" ? plan.load.rate : null,
        attempts: phase.attempts,
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
        server_cpu_ms_per_attempt: phase.stillRunning === 0 && phase.attempts > 0 ? round((serverCpuS * 1000) / phase.attempts) : null,
        machine_busy_pct: Math.round(busy),
        window_s: round(phase.windowS, 2)!,
        audit,
        target_met:
          plan.load.kind === "open"
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
      if (stats.late.size)
        notes.push(
          `${plan.name}: answers after the drain (not counted above): ${[...stats.late].map(([key, count]) => `${count} ${key}`).join(", ")}`,
        );
      if (phase.stillRunning)
        notes.push(
          `${plan.name}: ${phase.stillRunning} attempts were still unanswered ${SETTLE_LIMIT_S} s after the drain (the next phase overlapped them)`,
        );
      if (stats.buyerReuse)
        notes.push(`${plan.name}: ${stats.buyerReuse} attempts reused a buyer whose previous attempt was still running`);
      if (phase.cancelled.ok || phase.cancelled.failed)
        notes.push(
          `${plan.name}: ${phase.cancelled.ok} checkouts whose place failed were cancelled by their buyers after the phase` +
            (phase.cancelled.failed ? ` (${phase.cancelled.failed} cancels failed)` : ""),
        );
      if (audit.releasedCheckouts > phase.cancelled.ok)
        notes.push(
          `${plan.name}: ${audit.releasedCheckouts - phase.cancelled.ok} checkouts expired or were cancelled besides the bench's own cancels`,
        );
      for (const problem of audit.problems) failures.push(`shop ${plan.name}: ${problem}`);
      reportErrors(plan.name, stats, notes, failures);
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
    `- Phases, each on its own product: warm-up ${settings.warmupS} s at up to ${WARMUP_MAX_RATE}/s (discarded); **hot**: ${settings.measureS} s open loop at ${formatCount(settings.rate)} attempts/s on ${settings.hotStock} units; **ample**: the same on ${formatCount(settings.ampleStock)} units; **hot-burst**: every buyer at the same moment on another ${settings.hotStock} units (1–3 units each); **ample-sustained**: ${settings.closedLoopConcurrency} buyers back to back for ${settings.measureS} s (closed loop: the rate the API sustains, latency from each send). Drain ${settings.drainS} s; answers after it are listed in the notes, not counted.`,
    `- Target: ≥ ${formatCount(TARGET.attemptsPerS)} attempts/s, p99 ≤ ${TARGET.p99Ms} ms, zero oversell. Stock is audited in PostgreSQL after each phase: orders' units ≤ initial stock, stock ≥ 0, stock + held + placed = initial.`,
    "",
    "| phase | load | stock | offered/s | achieved/s | p50 ms | p95 ms | p99 ms | max ms | ordered (units) | sold out | other errors | unfinished | stock left | oversell | server CPU s | CPU ms/attempt | machine busy % | target |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|---|",
    ...rows.map(
      (row) =>
        `| ${row.phase} | ${row.load} | ${formatCount(row.initial_stock)} | ${row.offered_per_s === null ? `(${formatCount(row.attempts)} attempts)` : formatCount(row.offered_per_s)} | ${formatCount(row.achieved_per_s)} | ` +
        `${row.p50_ms ?? "–"} | ${row.p95_ms ?? "–"} | ${row.p99_ms ?? "–"} | ${row.max_ms ?? "–"} | ${formatCount(row.ordered)} (${formatCount(row.ordered_units)}) | ` +
        `${formatCount(row.sold_out)} | ${errorsOf(row)} | ${row.unfinished} | ${formatCount(row.audit.stockLeft)} | ${row.audit.problems.length ? "**YES**" : "none"} | ` +
        `${row.server_cpu_s} | ${row.server_cpu_ms_per_attempt ?? "–"} | ${row.machine_busy_pct} | ${verdict(row)} |`,
    ),
    ...(notes.length || failures.length
      ? ["", "## Notes", "", ...failures.map((failure) => `- **FAILED:** ${failure}`), ...notes.map((note) => `- ${note}`)]
      : []),
    "",
  ];
  await writeFile(`${dir}shop-latest.md`, lines.join("\n"));
  return dir;
}
