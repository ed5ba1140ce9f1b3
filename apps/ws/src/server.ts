import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { appRouter, createContextFactory, reportServerError, type Limits } from "@onair/api";
import type { EventBus } from "@onair/api/events";
import { wsEncoder, type Realtime } from "@onair/api/realtime";
import type { Db } from "@onair/db";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer, type WebSocket } from "ws";

export interface WsServerOptions {
  db: Db;
  bus: EventBus;
  realtime: Realtime;
  limits: Limits;
  authSecret: string;
  /** Unsent bytes above which a slow client is disconnected (default 1 MiB). */
  maxBufferedBytes?: number;
  port: number;
  host?: string;
  /** Browser origins allowed to connect (checked on the Origin header); empty allows any. */
  allowedOrigins?: string[];
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
  /** Tells clients to reconnect elsewhere, then closes every connection. */
  close(): Promise<void>;
}

/** The client's address: the TCP peer, or behind a trusted proxy the last X-Forwarded-For hop. */
function clientIpOf(req: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? (req.headers["x-forwarded-for"] as string | undefined)?.split(",").at(-1)?.trim() : undefined;
  return forwarded || req.socket.remoteAddress || null;
}

function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  // Non-browser clients (SDK, bots) send no Origin; browsers always do.
  return !origin || allowed.length === 0 || allowed.includes(origin);
}

/** The standalone tRPC WebSocket server: same router as the web app, plus GET /health. */
export async function startWsServer(options: WsServerOptions): Promise<RunningWsServer> {
  const allowedOrigins = options.allowedOrigins ?? [];
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const createContext = createContextFactory({
    db: options.db,
    bus: options.bus,
    limits: options.limits,
    realtime: options.realtime,
    authSecret: options.authSecret,
  });
  const maxBufferedBytes = options.maxBufferedBytes ?? 1_048_576;
  const maxConnectionsPerIp = options.maxConnectionsPerIp ?? 50;
  const trustProxy = options.trustProxy ?? false;
  /** Open connections per client address on this instance. */
  const connectionsByIp = new Map<string, number>();

  // Registered before tRPC's handler: every send first checks the socket's backlog,
  // so a client that stops reading cannot grow this process's memory without bound.
  wss.on("connection", (client) => {
    const send = client.send.bind(client);
    client.send = ((...args: Parameters<WebSocket["send"]>) => {
      // The encoder's direct-delivery handshake produces "", which is not a message.
      if (args[0] === "") return;
      if (client.bufferedAmount > maxBufferedBytes) {
        if (client.readyState === client.OPEN) {
          console.warn(`[ws] dropping a client with ${client.bufferedAmount} unsent bytes (limit ${maxBufferedBytes})`);
          client.terminate();
        }
        return;
      }
      send(...args);
    }) as WebSocket["send"];
  });

  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, res, info }) =>
      createContext({ headers: req.headers, connectionParams: info.connectionParams, socket: res, clientIp: clientIpOf(req, trustProxy) }),
    experimental_encoder: wsEncoder,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    onError: ({ error, path }) => reportServerError({ error, path, transport: "ws" }),
  });

  const httpServer = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/health") {
      // 503 naming what is down (the event bus, the database) until it heals by itself.
      void options.realtime.health().then(({ ok, down }) => {
        res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify(ok ? { status: "ok", connections: wss.clients.size } : { status: "unavailable", down, connections: wss.clients.size }));
      });
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "Not found. tRPC over WebSocket is served on this port; see GET /health." }));
  });

  httpServer.on("upgrade", (req, socket, head) => {
    if (!originAllowed(req, allowedOrigins)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    const ip = clientIpOf(req, trustProxy) ?? "unknown";
    const open = connectionsByIp.get(ip) ?? 0;
    if (open >= maxConnectionsPerIp) {
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nAt most ${maxConnectionsPerIp} connections per address.`);
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
    close() {
      closing ??= (async () => {
        handler.broadcastReconnectNotification();
        // Give clients a moment to receive the notice before the sockets go.
        await new Promise((resolve) => setTimeout(resolve, 100));
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      })();
      return closing;
    },
  };
}
