import type { DbOrTx } from "@onair/db";
import { publishCommitted } from "../../events/bus";
import type { FlashSaleView, ShelfProductView } from "../../events/types";
import { AppError } from "../../errors";
import type { JobQueue } from "../../jobs/job-queue";
import type { ServiceDeps, StreamDeps } from "../deps";
import { loggedEvents, writeLog } from "../moderation/audit";
import { lockStreamRow } from "../shared/locks";
import { inTransaction } from "../shared/transaction";
import type { StartFlashSaleInput } from "./schemas";
import { shelfProductView } from "./shelf-view";
import { NOT_ON_SHELF } from "./shelf";

type FlashSaleDeps = Pick<StreamDeps, "db" | "bus" | "jobs" | "stream" | "actor">;

/** An amount in a currency, as people read it ("€12.50", "¥1,200"): Intl knows each currency's minor digits. */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat("en", { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

async function databaseNow(tx: DbOrTx): Promise<Date> {
  const [row] = await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return row!.now;
}

/**
 * Starts a flash sale of a shelf product on this stream: a price below every
 * variant's, for `durationSeconds`, after a countdown of `startsInSeconds`,
 * for `totalQuantity` units, at most `perBuyerLimit` per buyer. One running or
 * upcoming sale per product and stream. Times are the database's clock; jobs
 * tell every viewer when it starts and ends.
 */
export async function startFlashSale(deps: FlashSaleDeps, input: StartFlashSaleInput): Promise<FlashSaleView> {
  const { stream, actor } = deps;
  if (stream.status === "ENDED") throw new AppError("CONFLICT", "This stream has ended: flash sales run during a stream.");
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    const row = await tx.streamProduct.findFirst({
      where: { streamId: stream.id, productId: input.productId, product: { status: "ACTIVE" } },
      select: {
        product: {
          select: { priceCents: true, currency: true, variants: { where: { archived: false }, select: { priceCents: true } } },
        },
      },
    });
    if (!row) throw new AppError("NOT_FOUND", NOT_ON_SHELF);
    const { product } = row;
    const lowest = Math.min(...product.variants.map((variant) => variant.priceCents ?? product.priceCents));
    if (input.priceCents >= lowest) {
      throw new AppError(
        "BAD_REQUEST",
        `A flash sale's price must be below the product's lowest price (${formatMoney(lowest, product.currency)}).`,
      );
    }
    const now = await databaseNow(tx);
    const live = await tx.flashSale.count({
      where: { streamId: stream.id, productId: input.productId, cancelledAt: null, endsAt: { gt: now } },
    });
    if (live > 0) throw new AppError("CONFLICT", "This product already has a flash sale running or coming up: stop it first.");
    const startsAt = new Date(now.getTime() + input.startsInSeconds * 1000);
    const endsAt = new Date(startsAt.getTime() + input.durationSeconds * 1000);
    const sale = await tx.flashSale.create({
      data: {
        streamId: stream.id,
        productId: input.productId,
        priceCents: input.priceCents,
        startsAt,
        endsAt,
        totalQuantity: input.totalQuantity,
        perBuyerLimit: input.perBuyerLimit,
        createdById: actor.id,
      },
      select: { id: true },
    });
    if (input.startsInSeconds > 0) {
      await deps.jobs.send("shop.flashSaleChanged", { flashSaleId: sale.id, moment: "start" }, { tx, startAfter: startsAt });
    }
    await deps.jobs.send("shop.flashSaleChanged", { flashSaleId: sale.id, moment: "end" }, { tx, startAfter: endsAt });
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "FLASH_SALE_START",
      details: {
        flashSaleId: sale.id,
        productId: input.productId,
        priceCents: input.priceCents,
        currency: product.currency,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        totalQuantity: input.totalQuantity,
        perBuyerLimit: input.perBuyerLimit,
      },
    });
    const view = (await shelfProductView(tx, stream.id, input.productId))!;
    return {
      result: view.flashSale!,
      events: [{ type: "products.updated", streamId: stream.id, product: view }, ...loggedEvents([entry])],
    };
  });
}

/** Stops a running or upcoming flash sale at once; the product's normal price is back for every viewer. */
export async function stopFlashSale(
  deps: Omit<FlashSaleDeps, "jobs">,
  input: { streamId: string; flashSaleId: string },
): Promise<ShelfProductView> {
  const { stream, actor } = deps;
  return inTransaction(deps, async (tx) => {
    const sale = await tx.flashSale.findFirst({
      where: { id: input.flashSaleId, streamId: stream.id },
      select: { productId: true, soldQuantity: true },
    });
    if (!sale) throw new AppError("NOT_FOUND", "No flash sale with that id on this stream.");
    const stopped = await tx.$executeRaw`
      UPDATE flash_sales SET "cancelledAt" = now()
      WHERE id = ${input.flashSaleId} AND "cancelledAt" IS NULL AND "endsAt" > now()`;
    if (stopped === 0) throw new AppError("CONFLICT", "That flash sale has already ended.");
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "FLASH_SALE_STOP",
      details: { flashSaleId: input.flashSaleId, productId: sale.productId, soldQuantity: sale.soldQuantity },
    });
    const view = await shelfProductView(tx, stream.id, sale.productId);
    if (!view) throw new AppError("NOT_FOUND", NOT_ON_SHELF);
    return {
      result: view,
      events: [{ type: "products.updated", streamId: stream.id, product: view }, ...loggedEvents([entry])],
    };
  });
}

/**
 * The `shop.flashSaleChanged` job: a sale started or ended, so its product's
 * current view (deal price, or the normal price back) goes to every viewer of
 * its stream, on every instance. Idempotent: it publishes the state as it is.
 */
export async function flashSaleChanged(
  deps: Pick<ServiceDeps, "db" | "bus">,
  job: { flashSaleId: string; moment: "start" | "end" },
): Promise<void> {
  const sale = await deps.db.flashSale.findUnique({
    where: { id: job.flashSaleId },
    select: { streamId: true, productId: true, stream: { select: { status: true } } },
  });
  if (!sale || sale.stream.status === "ENDED") return;
  const product = await shelfProductView(deps.db, sale.streamId, sale.productId);
  if (product) await publishCommitted(deps.bus, { type: "products.updated", streamId: sale.streamId, product });
}

/** Works `shop.flashSaleChanged` jobs on this process (apps/ws when JOBS_WORKER; the queue must have started). */
export async function startFlashSaleWorker(queue: JobQueue, deps: Pick<ServiceDeps, "db" | "bus">): Promise<void> {
  await queue.work("shop.flashSaleChanged", (job) => flashSaleChanged(deps, job), { pollingIntervalSeconds: 1 });
}
