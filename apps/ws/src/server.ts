import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  appRouter,
  createContextFactory,
  reportServerError,
  type Context,
  type Limits,
  type MediaDeps,
  type PushSettings,
  type ShopSettings,
} from "@onair/api";
import type { EventBus } from "@onair/api/events";
import type { JobSender } from "@onair/api/jobs";
import { wsEncoder, type Realtime } from "@onair/api/realtime";
import type { Db } from "@onair/db";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { ClientConnection } from "./client-connection";
import { CallTracker } from "./connection";
import { IdentityWatch } from "./identity-watch";

export interface WsServerOptions {
  db: Db;
  bus: EventBus;
  realtime: Realtime;
  limits: Limits;
  authSecret: string;
  /** Stored media, Agora credentials and the RTMP address for the studio's procedures (default: from the config defaults). */
  media?: MediaDeps;
  /** The job queue the procedures send to (createServices' `jobs`). */
  jobs?: JobSender;
  /** Checkout's hold length and payment providers (createServices' `shop`). */
  shop?: ShopSettings;
  /** Web push settings (createServices' `push`). */
  push?: PushSettings;
  /** Unsent bytes above which a slow client is disconnected (default 1 MiB). */
  maxBufferedBytes?: number;
  port: number;
  host?: string;
  /**
   * The web app's own origins: a browser connection's session cookie signs it in
   * only when its Origin is one of these (cross-site WebSocket hijacking). Other
   * origins connect as anonymous viewers or with an API token. Default: none.
   */
  cookieOrigins?: string[];
  /** How often signed-in connections are re-checked (revoked token, ended session, ban, role change); default 2000 ms. */
  sessionCheckMs?: number;
  /** Largest frame a client may send; a bigger one closes the connection with 1009 (default 128 KiB). */
  maxPayloadBytes?: number;
  /** Subscriptions one connection may hold at once (default 50). */
  maxSubscriptionsPerConnection?: number;
  /** On close(), how long calls in flight may take to finish before connections close (default 10 s). */
  shutdownGraceMs?: number;
  /** Open WebSockets one IP address may hold on this instance (default 50). */
  maxConnectionsPerIp?: number;
  /** Take the client's address from X-Forwarded-For (behind a load balancer) instead of the TCP peer. */
  trustProxy?: boolean;
}

export interface RunningWsServer {
  port: number;
  httpServer: Server;
  /** The open WebSocket connections (for health reporting and fault tests). */
  sockets(): Set<WebSocket>;
  /** Re-checks every signed-in connection now (the server does so every sessionCheckMs by itself). */
  checkIdentities(): Promise<void>;
  /**
   * Drains, then closes: refuses new connections and calls (SERVICE_UNAVAILABLE,
   * /health 503), tells clients to reconnect elsewhere, lets the calls in flight
   * finish and answer (up to shutdownGraceMs), then closes every connection.
   */
  close(): Promise<void>;
}

/** The client's address: the TCP peer, or behind a trusted proxy the last X-Forwarded-For hop. */
function clientIpOf(req: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? (req.headers["x-forwarded-for"] as string | undefined)?.split(",").at(-1)?.trim() : undefined;
  return forwarded || req.socket.remoteAddress || null;
}

/**
 * Whether the upgrade's session cookie may sign it in. Browsers always send
 * Origin on WebSocket upgrades, so a page elsewhere cannot ride on the user's
 * cookie; clients without Origin (SDK, bots) are not browsers and hold the
 * cookie themselves.
 */
function cookieAllowed(req: IncomingMessage, cookieOrigins: string[]): boolean {
  const origin = req.headers.origin;
  return origin === undefined || cookieOrigins.includes(origin);
}

/** The standalone tRPC WebSocket server: same router as the web app, plus GET /health. */
export async function startWsServer(options: WsServerOptions): Promise<RunningWsServer> {
  const cookieOrigins = options.cookieOrigins ?? [];
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: options.maxPayloadBytes ?? 131_072 });
  const createContext = createContextFactory({
    db: options.db,
    bus: options.bus,
    limits: options.limits,
    realtime: options.realtime,
    authSecret: options.authSecret,
    media: options.media,
    jobs: options.jobs,
    shop: options.shop,
    push: options.push,
  });
  const maxBufferedBytes = options.maxBufferedBytes ?? 1_048_576;
  const maxConnectionsPerIp = options.maxConnectionsPerIp ?? 50;
  const trustProxy = options.trustProxy ?? false;
  const shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
  const calls = new CallTracker(options.maxSubscriptionsPerConnection ?? 50);
  const identities = new IdentityWatch(options.db, options.sessionCheckMs ?? 2_000);
  /** Open connections per client address on this instance. */
  const connectionsByIp = new Map<string, number>();

  /** Each WebSocket's connection object, created as the upgrade completes (before tRPC sees the socket). */
  const connections = new WeakMap<WebSocket, ClientConnection>();

  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: async ({ req, res, info }) => {
      const ctx = await createContext({
        headers: req.headers,
        connectionParams: info.connectionParams,
        clientIp: clientIpOf(req, trustProxy),
        allowCookie: cookieAllowed(req, cookieOrigins),
        connection: connections.get(res) ?? null,
      });
      watchIdentity(res, ctx);
      return ctx;
    },
    experimental_encoder: wsEncoder,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    onError({ error, path }) {
      // A client's protocol violation (a frame over maxPayload: ws closes it with 1009) is not a server failure.
      const wsCode = (error.cause as { code?: unknown } | undefined)?.code;
      if (typeof wsCode === "string" && wsCode.startsWith("WS_ERR_")) {
        console.warn(`[ws] closed a connection: ${error.cause!.message}`);
        return;
      }
      reportServerError({ error, path, transport: "ws" });
    },
  });

  /** Ends a signed-in connection when its token, session, ban state or role changes (see IdentityWatch). */
  function watchIdentity(client: WebSocket, ctx: Context) {
    if (!ctx.user || !ctx.credential || client.readyState !== client.OPEN) return;
    const unwatch = identities.add({ user: ctx.user, credential: ctx.credential, since: new Date() }, ({ code, reason }) =>
      client.close(code, reason),
    );
    client.once("close", unwatch);
  }

  const httpServer = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/health") {
      if (calls.isDraining) {
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "draining", connections: wss.clients.size }));
        return;
      }
      // 503 naming what is down (the event bus, the database) until it heals by itself.
      void options.realtime.health().then(({ ok, down }) => {
        res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
        res.end(
          JSON.stringify(
            ok ? { status: "ok", connections: wss.clients.size } : { status: "unavailable", down, connections: wss.clients.size },
          ),
        );
      });
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "Not found. tRPC over WebSocket is served on this port; see GET /health." }));
  });

  httpServer.on("upgrade", (req, socket, head) => {
    if (calls.isDraining) {
      socket.end(
        "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nThe server is restarting: connect again.",
      );
      return;
    }
    const ip = clientIpOf(req, trustProxy) ?? "unknown";
    const open = connectionsByIp.get(ip) ?? 0;
    if (open >= maxConnectionsPerIp) {
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nAt most ${maxConnectionsPerIp} connections per address.`,
      );
      return;
    }
    connectionsByIp.set(ip, open + 1);
    // Released when the TCP connection ends, whether it became a WebSocket or not:
    // an upgrade that ws refuses (bad headers, unsupported version) never calls back,
    // and counting only on the WebSocket's close would leak its slot for good.
    socket.once("close", () => {
      const left = (connectionsByIp.get(ip) ?? 1) - 1;
      if (left > 0) connectionsByIp.set(ip, left);
      else connectionsByIp.delete(ip);
    });
    wss.handleUpgrade(req, socket, head, (client) => {
      connections.set(client, new ClientConnection(client, socket, maxBufferedBytes, calls.gate()));
      wss.emit("connection", client, req);
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    port,
    httpServer,
    sockets: () => wss.clients,
    checkIdentities: () => identities.check(),
    close() {
      closing ??= (async () => {
        // Clients start opening a connection elsewhere now; until it is open they keep
        // this one, whose new calls are refused (SERVICE_UNAVAILABLE, retryAfterMs).
        const drained = calls.drain(shutdownGraceMs);
        identities.stop();
        handler.broadcastReconnectNotification();
        if (!(await drained)) {
          console.warn(
            `[ws] ${calls.callsInFlight} calls still running after ${shutdownGraceMs} ms (WS_SHUTDOWN_GRACE_MS); closing anyway`,
          );
        }
        // The answers of the last calls are written once their promise chains settle.
        await new Promise((resolve) => setImmediate(resolve));
        await closeConnections(wss);
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      })();
      return closing;
    },
  };
}

/**
 * Closes every connection with 1012 (service restart) after what was already
 * written to it; a client that does not finish the closing handshake within a
 * second is cut off.
 */
async function closeConnections(wss: WebSocketServer) {
  const clients = [...wss.clients];
  const closed = clients.map((client) =>
    client.readyState === client.CLOSED ? Promise.resolve() : new Promise<void>((resolve) => client.once("close", () => resolve())),
  );
  for (const client of clients) client.close(1012, "Server restarting");
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
  clearTimeout(timer);
  for (const client of wss.clients) client.terminate();
}
