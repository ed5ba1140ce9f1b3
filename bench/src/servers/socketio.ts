/**
 * Socket.IO 4 with the Redis adapter: viewers join the room named in their
 * handshake query (`?room=`); a `publish(room, body)` event from the publisher
 * is relayed with `io.to(room).emit("message", body)`, which the adapter
 * encodes once and forwards to the other instance through Redis.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { serverEnv } from "./env";

const env = serverEnv();
const pubClient = new Redis(env.redisUrl);
const subClient = pubClient.duplicate();

const http = createServer();
const io = new Server(http, {
  transports: ["websocket"],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
  adapter: createAdapter(pubClient, subClient, { key: `${env.keyPrefix}socket.io` }),
});

io.on("connection", (socket) => {
  const room = socket.handshake.query.room;
  if (typeof room === "string" && room) void socket.join(room);
  socket.on("publish", (target: unknown, body: unknown) => {
    if (typeof target === "string" && typeof body === "string") io.to(target).emit("message", body);
  });
});

http.listen(env.port, env.host, () => {
  console.log(`[socketio] listening on ${env.host}:${(http.address() as AddressInfo).port}`);
});

process.once("SIGTERM", () => {
  void io.close();
  pubClient.disconnect();
  subClient.disconnect();
  process.exit(0);
});
