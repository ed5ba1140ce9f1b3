import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { ZodError } from "zod";
import { databaseUnavailableError, isConnectionFailure } from "./database-availability";
import { AppError, type AppErrorCode } from "./errors";

const APP_TO_TRPC_CODE = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  SOLD_OUT: "CONFLICT",
  PRICE_CHANGED: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const satisfies Record<AppErrorCode, TRPC_ERROR_CODE_KEY>;

/**
 * Maps a service's AppError to the matching TRPCError, and a lost or refused
 * database connection to SERVICE_UNAVAILABLE with a retry hint; anything else passes through.
 */
export function toTRPCError(error: unknown): unknown {
  let cause = error instanceof TRPCError && error.cause instanceof AppError ? error.cause : error;
  if (!(cause instanceof AppError) && isConnectionFailure(error)) cause = databaseUnavailableError();
  if (cause instanceof AppError) return new TRPCError({ code: APP_TO_TRPC_CODE[cause.code], message: cause.message, cause });
  return error;
}

export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}
