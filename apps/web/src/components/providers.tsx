"use client";

import { DEFAULT_WS_PORT } from "@onair/api/config";
import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, type TRPCClient } from "@trpc/client";
import { createOnAirClient, type AppRouter } from "@onair/sdk";
import { useState, type ReactNode } from "react";
import { MediaPublicUrlContext } from "~/lib/media-url";
import { TRPCProvider } from "~/lib/trpc";
import { makeQueryClient } from "~/trpc/query-client";

/**
 * The one place the browser's API clients are made: a QueryClient and the tRPC client, once per
 * page load, for every component below the root layout. `wsUrl` is WS_PUBLIC_URL when the
 * deployment sets it; otherwise the WebSocket server is on its default port of the page's host.
 * `mediaUrl` (MEDIA_PUBLIC_URL) is the media server's, found the same way (`useMediaBaseUrl`).
 */
export function Providers({ wsUrl, mediaUrl, children }: { wsUrl: string | null; mediaUrl: string | null; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() => makeTrpcClient(wsUrl));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <MediaPublicUrlContext.Provider value={mediaUrl}>{children}</MediaPublicUrlContext.Provider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/**
 * The SDK's client (same links as every OnAir client: subscriptions over the WebSocket, the rest
 * in HTTP batches of at most 10 calls to this origin with the session cookie; creating mutations
 * carry a requestId; safe calls are retried when the connection drops). During the server render
 * nothing calls the API (calls start in effects and handlers), and Node 20 has no WebSocket, so
 * the server gets a client without links.
 */
function makeTrpcClient(wsUrl: string | null): TRPCClient<AppRouter> {
  if (typeof window === "undefined") return createTRPCClient<AppRouter>({ links: [] });
  return createOnAirClient({ url: "/api/trpc", wsUrl: wsUrl ?? pageHostWsUrl(), viewerKey: anonymousViewerKey() }).api;
}

function pageHostWsUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss" : "ws";
  return `${protocol}://${window.location.hostname}:${DEFAULT_WS_PORT}`;
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
