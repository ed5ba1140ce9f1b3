import type { AppRouter } from "@onair/api";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";

export type { AppRouter, RouterInputs, RouterOutputs } from "@onair/api";
export type {
  ChatEvent,
  ChatMessageView,
  ChatSettings,
  HeldMessageView,
  ModerationEvent,
  ModerationLogView,
  StreamEvent,
  StreamStateEvent,
} from "@onair/api/events";

export interface OnAirClientOptions {
  /** The web app's tRPC endpoint, e.g. https://onair.example/api/trpc */
  url: string;
  /**
   * The WebSocket server, e.g. wss://ws.onair.example — or a function, called on every
   * (re)connect, to pick among several servers yourself.
   */
  wsUrl: string | (() => string);
  /** A personal API token (create one with `account.createApiToken`); omit to act anonymously. */
  token?: string;
  /** A stable id for an anonymous viewer (8–64 of A–Z a–z 0–9 _ -), so several tabs count as one viewer. */
  viewerKey?: string;
  /** WebSocket implementation; defaults to the global one (browsers, Node >= 22). On Node 20 pass `ws`. */
  WebSocket?: typeof globalThis.WebSocket;
}

export interface OnAirClient {
  /** Typed tRPC client: queries and mutations over HTTP, subscriptions over WebSocket. */
  api: TRPCClient<AppRouter>;
  /** Closes the WebSocket connection. */
  close(): Promise<void>;
}

export function createOnAirClient(options: OnAirClientOptions): OnAirClient {
  const wsClient = createWSClient({
    url: options.wsUrl,
    WebSocket: options.WebSocket,
    connectionParams: () => ({
      ...(options.token ? { token: options.token } : {}),
      ...(options.viewerKey ? { viewerKey: options.viewerKey } : {}),
    }),
    // Only open the socket while a subscription needs it.
    lazy: { enabled: true, closeMs: 10_000 },
    keepAlive: { enabled: true, intervalMs: 15_000, pongTimeoutMs: 5_000 },
    retryDelayMs: (attempt) => Math.min(250 * 2 ** attempt, 5_000),
  });
  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({
          url: options.url,
          transformer: superjson,
          headers: () => (options.token ? { authorization: `Bearer ${options.token}` } : {}),
        }),
      }),
    ],
  });
  return { api, close: () => wsClient.close() };
}
