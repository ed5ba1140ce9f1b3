"use client";

import { createOnAirClient, type OnAirClient } from "@onair/sdk";

let client: OnAirClient | undefined;

/** The browser's tRPC client: HTTP to this origin (session cookie), subscriptions over WebSocket. */
export function browserApi(wsUrl: string | null): OnAirClient["api"] {
  client ??= createOnAirClient({ url: "/api/trpc", wsUrl: wsUrl ?? defaultWsUrl() });
  return client.api;
}

function defaultWsUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss" : "ws";
  return `${protocol}://${window.location.hostname}:3001`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}
