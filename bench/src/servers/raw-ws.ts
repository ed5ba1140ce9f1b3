/**
 * The "near-physical limit" baseline: a plain `ws` server that relays each
 * published frame through one Redis channel and writes the same bytes to
 * every local socket. Nothing is parsed or serialised on the server.
 *
 *   ws://host:port/publish  publisher socket: every text frame is PUBLISHed
 *   ws://host:port/         viewer socket: receives every published frame
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { Redis } from "ioredis";
import { WebSocketServer, type WebSocket } from "ws";
import { serverEnv } from "./env";

const env = serverEnv();
const channel = `${env.keyPrefix}raw-ws`;
const publisher = new Redis(env.redisUrl);
const subscriber = new Redis(env.redisUrl);
/** Each viewer's WebSocket and the TCP socket under it (kept from the upgrade, to cork it). */
const viewers = new Map<WebSocket, Duplex>();

const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });

http.on("upgrade", (req, tcp: Duplex, head: Buffer) => {
  wss.handleUpgrade(req, tcp, head, (socket) => {
    socket.on("error", () => socket.terminate());
    if (req.url === "/publish") {
      socket.on("message", (data) => void publisher.publish(channel, data as Buffer));
      return;
    }
    viewers.set(socket, tcp);
    socket.on("close", () => viewers.delete(socket));
  });
});

/**
 * Frames sent in one event-loop turn leave in one write per socket: when the
 * server falls behind, Redis hands over several messages in one read, and
 * they are flushed together (engine.io gets the same effect from its write
 * buffer). Under light load this is one write per message, as before.
 */
let corked = false;
function uncorkAll(): void {
  corked = false;
  for (const tcp of viewers.values()) tcp.uncork();
}

// The Buffer from Redis is sent as is: ws writes it after the frame header without copying.
subscriber.on("messageBuffer", (_channel: Buffer, message: Buffer) => {
  if (!corked) {
    corked = true;
    for (const tcp of viewers.values()) tcp.cork();
    setImmediate(uncorkAll);
  }
  for (const socket of viewers.keys()) socket.send(message, { binary: false });
});
await subscriber.subscribe(channel);

http.listen(env.port, env.host, () => {
  console.log(`[raw-ws] listening on ${env.host}:${(http.address() as AddressInfo).port}`);
});

process.once("SIGTERM", () => {
  for (const socket of viewers.keys()) socket.terminate();
  http.close();
  publisher.disconnect();
  subscriber.disconnect();
  process.exit(0);
});
