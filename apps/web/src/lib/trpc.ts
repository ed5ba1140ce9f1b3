"use client";

import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@onair/sdk";

export { newRequestId } from "@onair/sdk";

/**
 * tRPC's TanStack Query integration. `TRPCProvider` (mounted once, by `~/components/providers`)
 * holds the browser's tRPC client and QueryClient; components read them with these hooks:
 * `useTRPC()` for query/mutation options (`useQuery(trpc.x.y.queryOptions(input))`),
 * `useTRPCClient()` for the plain client (subscriptions, imperative calls).
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}

/** Why the server refused a request: its sentence, plus chat's machine-readable reason and wait, when given. */
export interface Refusal {
  message: string;
  reason: string | null;
  retryAfterMs: number | null;
}

export function refusalOf(error: unknown): Refusal {
  const data = typeof error === "object" && error !== null && "data" in error ? (error as { data?: unknown }).data : null;
  const details = typeof data === "object" && data !== null ? (data as { reason?: unknown; retryAfterMs?: unknown }) : {};
  return {
    message: errorMessage(error),
    reason: typeof details.reason === "string" ? details.reason : null,
    retryAfterMs: typeof details.retryAfterMs === "number" ? details.retryAfterMs : null,
  };
}
