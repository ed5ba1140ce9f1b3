/** Expected failures thrown by services; trpc.ts maps each code to a TRPC error code. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  /** Live shopping: not enough units (or deal units) left; a CONFLICT to clients. */
  | "SOLD_OUT"
  /** Live shopping: the price is no longer the one the buyer was shown; a CONFLICT to clients. */
  | "PRICE_CHANGED"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE";

/** Why chat refused a message, for clients that react to it (sent as `error.data.reason`). */
export type ChatRefusalReason =
  | "BANNED"
  | "TIMED_OUT"
  | "CHAT_DISABLED"
  | "STREAM_ENDED"
  | "SLOW_MODE"
  | "RATE_LIMITED"
  | "FOLLOWERS_ONLY"
  | "REGISTERED_ONLY"
  | "EMOTE_ONLY"
  | "DUPLICATE_MESSAGE"
  | "BLOCKED_TERM";

export interface AppErrorDetails {
  reason?: ChatRefusalReason;
  /** When trying again can succeed (slow mode, rate limits, timeouts). */
  retryAfterMs?: number;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: AppErrorDetails;

  constructor(code: AppErrorCode, message: string, details: AppErrorDetails = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}
