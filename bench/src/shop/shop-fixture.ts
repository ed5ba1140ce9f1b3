import { randomBytes } from "node:crypto";
import { generateApiToken } from "@onair/auth";
import { createDbClient } from "@onair/db";

export interface ShopProduct {
  /** e.g. "hot", "ample"; names the row in the results. */
  label: string;
  productId: string;
  variantId: string;
  priceCents: number;
  initialStock: number;
}

export interface StockAudit {
  label: string;
  initialStock: number;
  /** The variant's stock after the run (units still for sale). */
  stockLeft: number;
  /** Units in checkouts still holding them (OPEN: started, never placed). */
  heldUnits: number;
  /** Units in placed checkouts, and in their orders (the two must agree). */
  placedUnits: number;
  orders: number;
  orderedUnits: number;
  /** Checkouts that returned their units (EXPIRED, CANCELLED): expected 0 with 10-minute holds and no worker. */
  releasedCheckouts: number;
  /** Empty when consistent; otherwise what is wrong (oversell, units lost or made up). */
  problems: string[];
}

const CURRENCY = "EUR";
const CREATE_BATCH = 500;

/**
 * Everything the shop scenario buys from, written straight into the bench
 * database: a seller with a LIVE stream, products on its shelf (one default
 * variant each, with limited stock) and buyer accounts with API tokens.
 */
export class ShopFixture {
  private constructor(
    private readonly db: ReturnType<typeof createDbClient>,
    private readonly sellerId: string,
    readonly streamId: string,
    private readonly suffix: string,
  ) {}

  static async create(databaseUrl: string): Promise<ShopFixture> {
    const db = createDbClient(databaseUrl, { poolSize: 2 });
    try {
      const suffix = randomBytes(4).toString("hex");
      const seller = await db.user.create({
        data: { username: `bench_seller_${suffix}`, email: `bench-seller-${suffix}@bench.invalid`, canCreateStreams: true },
      });
      const slug = `bench-shop-${suffix}`;
      const stream = await db.liveStream.create({
        data: { slug, title: `Bench shop ${suffix}`, ownerId: seller.id, status: "LIVE", startedAt: new Date(), videoSource: "x" },
        select: { id: true },
      });
      return new ShopFixture(db, seller.id, stream.id, suffix);
    } catch (error) {
      await db.$disconnect();
      throw error;
    }
  }

  /** A product of the seller, ACTIVE, on the stream's shelf (appended, not pinned), with one variant holding `stock` units. */
  async addProduct(label: string, priceCents: number, stock: number): Promise<ShopProduct> {
    const position = await this.db.streamProduct.count({ where: { streamId: this.streamId } });
    const product = await this.db.product.create({
      data: {
        ownerId: this.sellerId,
        title: `Bench ${label} ${this.suffix}`,
        priceCents,
        currency: CURRENCY,
        variants: { create: { name: "", position: 0, stock } },
        shelf: { create: { streamId: this.streamId, position } },
      },
      select: { id: true, variants: { select: { id: true } } },
    });
    return { label, productId: product.id, variantId: product.variants[0]!.id, priceCents, initialStock: stock };
  }

  /** `count` buyer accounts, each with an API token (one WebSocket each: a connection is one person). */
  async createBuyers(count: number): Promise<string[]> {
    const tokens: string[] = [];
    for (let first = 0; first < count; first += CREATE_BATCH) {
      const batch = Array.from({ length: Math.min(CREATE_BATCH, count - first) }, (_, index) => {
        const n = first + index;
        return { id: `benchbuyer${this.suffix}${n}`, username: `bench_buyer_${this.suffix}_${n}` };
      });
      await this.db.user.createMany({
        data: batch.map(({ id, username }) => ({ id, username, email: `${username}@bench.invalid` })),
      });
      const issued = batch.map(({ id }) => ({ userId: id, ...generateApiToken() }));
      await this.db.apiToken.createMany({
        data: issued.map(({ userId, tokenHash, prefix }) => ({ userId, name: "bench", tokenHash, prefix })),
      });
      tokens.push(...issued.map(({ token }) => token));
    }
    return tokens;
  }

  /**
   * Reads back what the run did to one product and checks that no unit was
   * sold twice or lost: orders' units ≤ initial stock, stock never negative,
   * stock left + units held + units placed = initial stock.
   */
  async audit(product: ShopProduct): Promise<StockAudit> {
    const [variant, checkouts, orders] = await Promise.all([
      this.db.productVariant.findUniqueOrThrow({ where: { id: product.variantId }, select: { stock: true } }),
      this.db.checkout.groupBy({
        by: ["status"],
        where: { variantId: product.variantId },
        _sum: { quantity: true },
        _count: { _all: true },
      }),
      this.db.order.aggregate({ where: { variantId: product.variantId }, _sum: { quantity: true }, _count: { _all: true } }),
    ]);
    const units = (status: string) => checkouts.find((row) => row.status === status)?._sum.quantity ?? 0;
    const count = (status: string) => checkouts.find((row) => row.status === status)?._count._all ?? 0;
    const stockLeft = variant.stock ?? Number.NaN;
    const audit: StockAudit = {
      label: product.label,
      initialStock: product.initialStock,
      stockLeft,
      heldUnits: units("OPEN"),
      placedUnits: units("PLACED"),
      orders: orders._count._all,
      orderedUnits: orders._sum.quantity ?? 0,
      releasedCheckouts: count("EXPIRED") + count("CANCELLED"),
      problems: [],
    };
    if (!(stockLeft >= 0)) audit.problems.push(`stock is ${variant.stock} (negative or unlimited)`);
    if (audit.orderedUnits > product.initialStock)
      audit.problems.push(`OVERSOLD: ${audit.orderedUnits} units ordered of ${product.initialStock}`);
    if (audit.placedUnits !== audit.orderedUnits)
      audit.problems.push(`placed checkouts hold ${audit.placedUnits} units but orders ${audit.orderedUnits}`);
    const accounted = stockLeft + audit.heldUnits + audit.placedUnits;
    if (accounted !== product.initialStock)
      audit.problems.push(
        `stock ${stockLeft} + held ${audit.heldUnits} + placed ${audit.placedUnits} = ${accounted}, not ${product.initialStock}`,
      );
    return audit;
  }

  async dispose(): Promise<void> {
    await this.db.$disconnect();
  }
}
