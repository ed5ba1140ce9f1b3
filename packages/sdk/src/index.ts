import type { AppRouter } from "@onair/api";
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpLink,
  isNonJsonSerializable,
  retryLink,
  splitLink,
  wsLink,
  type Operation,
  type TRPCClient,
  type TRPCClientError,
  type TRPCLink,
} from "@trpc/client";
import { observable } from "@trpc/server/observable";
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

/** Mutations that create something and take a client-generated `requestId`, so a retry cannot create it twice. */
export const IDEMPOTENT_MUTATIONS: ReadonlySet<string> = new Set([
  "chat.send",
  "account.createApiToken",
  "account.signUp",
  "stream.create",
  "checkout.start",
]);

/** Mutations safe to repeat by a key of their own (placing a checkout twice returns its one order). */
export const RETRY_SAFE_MUTATIONS: ReadonlySet<string> = new Set(["checkout.place"]);

/** Attempts at a query or an idempotent mutation whose connection dropped (the first included). */
export const MAX_ATTEMPTS = 4;

/** The server answers at most this many calls in one HTTP batch. */
export const MAX_BATCH_ITEMS = 10;

/** A new requestId: 128 random bits as 32 hex digits (crypto.getRandomValues works on plain-HTTP pages too). */
export function newRequestId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function hasRequestId(input: unknown): input is { requestId: string } {
  return typeof input === "object" && input !== null && typeof (input as { requestId?: unknown }).requestId === "string";
}

/** Gives every idempotent mutation a requestId (unless the caller chose one) before any retry, so retries reuse it. */
function requestIdLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        const withId: Operation =
          op.type === "mutation" &&
          IDEMPOTENT_MUTATIONS.has(op.path) &&
          typeof op.input === "object" &&
          op.input !== null &&
          !hasRequestId(op.input)
            ? { ...op, input: { ...op.input, requestId: newRequestId() } }
            : op;
        return next(withId).subscribe(observer);
      });
}

/**
 * Whether a failed call may be sent again: only when no answer arrived (the
 * connection dropped: a TRPCClientError without a tRPC error shape), only for
 * calls that are safe to repeat (queries, mutations with a requestId, and RETRY_SAFE_MUTATIONS),
 * never after the caller aborted, and at most MAX_ATTEMPTS times in all.
 */
export function shouldRetry(opts: { op: Operation; attempts: number; error: TRPCClientError<AppRouter> }): boolean {
  const { op, attempts, error } = opts;
  if (attempts >= MAX_ATTEMPTS || op.signal?.aborted) return false;
  if (error.shape !== undefined || error.data !== undefined) return false;
  return op.type === "query" || (op.type === "mutation" && (hasRequestId(op.input) || RETRY_SAFE_MUTATIONS.has(op.path)));
}

/**
 * The links of an OnAir client: subscriptions over the WebSocket (which
 * resumes by itself), uploads (FormData input, e.g. `studio.uploadThumbnail`)
 * in a request of their own, everything else over HTTP batches of at most
 * MAX_BATCH_ITEMS calls, retried with back-off when the connection drops and
 * the call is safe to repeat. The web app uses the same links.
 */
export function onAirLinks(options: {
  url: string;
  wsClient: ReturnType<typeof createWSClient>;
  headers?: () => Record<string, string>;
}): TRPCLink<AppRouter>[] {
  return [
    requestIdLink(),
    splitLink({
      condition: (op) => op.type === "subscription",
      true: wsLink({ client: options.wsClient, transformer: superjson }),
      false: splitLink({
        // FormData cannot ride in a JSON batch; httpLink sends it as multipart, untouched by the transformer.
        condition: (op) => isNonJsonSerializable(op.input),
        true: httpLink({ url: options.url, transformer: superjson, headers: options.headers ?? (() => ({})) }),
        false: [
          retryLink({ retry: shouldRetry, retryDelayMs: (attempt) => Math.min(200 * 2 ** (attempt - 1), 2_000) }),
          httpBatchLink({ url: options.url, transformer: superjson, maxItems: MAX_BATCH_ITEMS, headers: options.headers ?? (() => ({})) }),
        ],
      }),
    }),
  ];
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
  const headers = (): Record<string, string> => (options.token ? { authorization: `Bearer ${options.token}` } : {});
  const api = createTRPCClient<AppRouter>({ links: onAirLinks({ url: options.url, wsClient, headers }) });
  return { api, close: () => wsClient.close() };
}
