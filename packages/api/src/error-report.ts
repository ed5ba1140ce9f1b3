import { randomBytes } from "node:crypto";
import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AppError } from "./errors";

/**
 * Unexpected errors reach clients as "Internal server error (error id X)." and
 * the server logs X with the details, so a user's report can be matched to the
 * log line without the response carrying a stack, a path, SQL or a driver's text.
 */

const errorIds = new WeakMap<object, string>();

/** The id of an error, made on first use: the response (error formatter) and the log (onError) share it. */
export function errorIdOf(error: object): string {
  let id = errorIds.get(error);
  if (!id) {
    id = randomBytes(5).toString("hex").toUpperCase();
    errorIds.set(error, id);
  }
  return id;
}

/**
 * Whether an error's message was written for clients: our AppErrors, zod's
 * input errors, and TRPCErrors thrown with their own sentence (by our code or
 * by tRPC). Anything else — an INTERNAL_SERVER_ERROR, or a client code whose
 * message tRPC copied from a foreign cause (a Prisma or pg error thrown while
 * creating the context comes back as BAD_REQUEST with the driver's text) —
 * is unexpected: clients get a generic sentence and an error id.
 */
export function isUnexpectedError(error: TRPCError): boolean {
  if (error.code === "INTERNAL_SERVER_ERROR") return true;
  const cause = error.cause;
  if (!cause || cause instanceof AppError || cause instanceof ZodError) return false;
  return error.message === cause.message;
}

/** The sentence a client sees for an unexpected error. */
export function unexpectedErrorMessage(error: TRPCError): string {
  const id = errorIdOf(error);
  return error.code === "INTERNAL_SERVER_ERROR"
    ? `Internal server error (error id ${id}).`
    : `The request could not be processed (error id ${id}).`;
}

/**
 * Logs an unexpected error once, with its id and full details; expected
 * failures (refusals, bad input) are not logged. Both transports' onError
 * (the web app's /api/trpc route and the WebSocket server) call this.
 */
export function reportServerError(opts: { error: TRPCError; path?: string | undefined; transport: "http" | "ws" }): void {
  const { error } = opts;
  if (!isUnexpectedError(error)) return;
  console.error(`[${opts.transport}] error id ${errorIdOf(error)} in ${opts.path ?? "?"} (${error.code}):`, error.cause ?? error);
}
