import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../../errors";
import { limiterKey, type RateLimitStore } from "../limits/rate-limit-store";

export interface ShopLimitsConfig {
  /** Checkouts one buyer may start per window (retries of the same requestId are not counted). */
  checkoutStartsPerUser: number;
  checkoutWindowSeconds: number;
}

export const DEFAULT_SHOP_LIMITS: ShopLimitsConfig = { checkoutStartsPerUser: 30, checkoutWindowSeconds: 60 };

/** One client's opens of one product count at most once a minute (reopening the same details is not new interest). */
export const OPENS_PER_PRODUCT = { points: 1, durationSeconds: 60 };
/** And at most this many opens of any products per client and minute. */
export const OPENS_PER_CLIENT = { points: 30, durationSeconds: 60 };

async function consumed(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(limiterKey(key));
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
}

/**
 * The shop's per-client allowances, in the shared rate-limit store (every
 * process counts against the same allowance): checkouts a buyer may start,
 * and product opens counted for the figures.
 */
export class ShopLimiter {
  private readonly checkoutStarts: RateLimiterAbstract;
  private readonly opensPerProduct: RateLimiterAbstract;
  private readonly opensPerClient: RateLimiterAbstract;

  constructor(
    readonly config: ShopLimitsConfig,
    store: RateLimitStore,
  ) {
    this.checkoutStarts = store.limiter({
      name: "shop-checkout-user",
      points: config.checkoutStartsPerUser,
      durationSeconds: config.checkoutWindowSeconds,
    });
    this.opensPerProduct = store.limiter({ name: "shop-open-product", ...OPENS_PER_PRODUCT });
    this.opensPerClient = store.limiter({ name: "shop-open-client", ...OPENS_PER_CLIENT });
  }

  /** Counts one new checkout of `userId`; TOO_MANY_REQUESTS (with retryAfterMs) past the allowance. */
  async takeCheckoutStart(userId: string): Promise<void> {
    const refused = await consumed(this.checkoutStarts, userId);
    if (!refused) return;
    const seconds = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
    throw new AppError("TOO_MANY_REQUESTS", `Too many checkouts started: try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, {
      retryAfterMs: refused.msBeforeNext,
    });
  }

  /** Whether a client's open of a product counts (false: that client counted it within the minute, or opened too many). */
  async takeOpen(client: string, streamId: string, productId: string): Promise<boolean> {
    if (await consumed(this.opensPerProduct, `${client}:${streamId}:${productId}`)) return false;
    return (await consumed(this.opensPerClient, client)) === null;
  }
}
