import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../../errors";
import { limiterKey, type RateLimitStore } from "./rate-limit-store";

export interface SignUpLimitConfig {
  /** Sign-up attempts one IP address may make per window (successful or not). */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_SIGN_UP_LIMIT: SignUpLimitConfig = { perAddress: 5, windowSeconds: 3600 };

/** How long to wait, in words: "45 seconds", "12 minutes". */
function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * Sign-ups per client address, counted in the shared rate-limit store, so a
 * script cannot mint accounts in bulk from one address (whichever process,
 * HTTP or WebSocket, it sends them to). Every attempt counts, including ones
 * refused for a taken email, so the limit also slows probing for registered emails.
 */
export class SignUpLimiter {
  private readonly perAddress: RateLimiterAbstract;

  constructor(
    readonly config: SignUpLimitConfig,
    store: RateLimitStore,
  ) {
    this.perAddress = store.limiter({ name: "sign-up-ip", points: config.perAddress, durationSeconds: config.windowSeconds });
  }

  /** Counts one sign-up attempt from `clientIp`; TOO_MANY_REQUESTS (with retryAfterMs) once the address has used its allowance. */
  async take(clientIp: string | null): Promise<void> {
    // Without a known address there is nothing to count against (server-side callers).
    if (!clientIp) return;
    try {
      await this.perAddress.consume(limiterKey(clientIp));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new AppError("TOO_MANY_REQUESTS", `Too many sign-ups from your network. Try again in ${describeWait(error.msBeforeNext)}.`, {
        retryAfterMs: error.msBeforeNext,
      });
    }
  }
}
