"use client";

import { createOnAirClient, type OnAirClient } from "@onair/sdk";

export { newRequestId } from "@onair/sdk";

let client: OnAirClient | undefined;

/**
 * The browser's tRPC client: HTTP to this origin (session cookie), subscriptions over WebSocket.
 * Built by the SDK, so it has the same links: creating mutations carry a requestId and safe
 * calls are retried when the connection drops; batches hold at most 10 calls.
 */
export function browserApi(wsUrl: string | null): OnAirClient["api"] {
  client ??= createOnAirClient({ url: "/api/trpc", wsUrl: wsUrl ?? defaultWsUrl(), viewerKey: anonymousViewerKey() });
  return client.api;
}

/** One id per browser (shared by its tabs), so an anonymous person counts as one viewer. */
function anonymousViewerKey(): string {
  const storageKey = "onair.viewerKey";
  try {
    let key = window.localStorage.getItem(storageKey);
    if (!key || !/^[A-Za-z0-9_-]{8,64}$/.test(key)) {
      key = crypto.randomUUID().replaceAll("-", "");
      window.localStorage.setItem(storageKey, key);
    }
    return key;
  } catch {
    return crypto.randomUUID().replaceAll("-", "");
  }
}

function defaultWsUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss" : "ws";
  return `${protocol}://${window.location.hostname}:3001`;
}

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
