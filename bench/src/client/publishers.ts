import WebSocket from "ws";
import type { SystemName } from "./ipc";

const OPEN_TIMEOUT_MS = 15_000;

/** Sends chat messages into one system; never waits for acknowledgements (open loop). */
export interface Publisher {
  publish(body: string): void;
  /** Messages handed to the socket, and what the server rejected (OnAir acknowledges each send). */
  readonly counters: { sent: number; acked: number; errors: number; firstError: string | undefined };
  close(): Promise<void>;
}

export interface PublisherTarget {
  system: SystemName;
  /** Instance A's base URL, ws://127.0.0.1:<port>. */
  baseUrl: string;
  streamId: string;
  /** OnAir API token (chat.send needs a signed-in user). */
  token: string | undefined;
}

/**
 * `onText` is attached before the socket opens: a server's first frame can
 * arrive in the same read as the handshake and is emitted right after "open".
 */
function openSocket(url: string, onText: (text: string, socket: WebSocket) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: OPEN_TIMEOUT_MS });
    socket.on("message", (data) => onText((data as Buffer).toString(), socket)); // binaryType "nodebuffer": one Buffer per message
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once("close", () => resolve());
    socket.close();
    setTimeout(() => {
      socket.terminate();
      resolve();
    }, 2_000).unref();
  });
}

interface TrpcErrorShape {
  message?: string;
  data?: { code?: string };
}

function newCounters(): Publisher["counters"] {
  return { sent: 0, acked: 0, errors: 0, firstError: undefined };
}

/**
 * tRPC over WebSocket as @trpc/client's wsLink speaks it: `?connectionParams=1`,
 * then `{"method":"connectionParams","data":{"token":...}}` as the first frame
 * (the server builds the context from it), then `chat.send` mutations.
 */
async function onairPublisher(target: PublisherTarget): Promise<Publisher> {
  if (!target.token) throw new Error("the onair publisher needs an API token");
  const counters = newCounters();
  const socket = await openSocket(`${target.baseUrl}?connectionParams=1`, (text, socket) => {
    if (text === "PING") return socket.send("PONG");
    if (text === "PONG") return;
    // With the superjson transformer the error shape is wrapped as { json: shape }.
    const reply = JSON.parse(text) as { error?: { json?: TrpcErrorShape } & TrpcErrorShape; result?: unknown };
    if (reply.error) {
      const shape = reply.error.json ?? reply.error;
      counters.errors++;
      counters.firstError ??= `${shape.data?.code ?? "error"}: ${shape.message ?? text}`;
    } else if (reply.result) counters.acked++;
  });
  socket.send(JSON.stringify({ method: "connectionParams", data: { token: target.token } }));
  let id = 0;
  return {
    counters,
    publish(body) {
      id++;
      socket.send(
        JSON.stringify({ id, method: "mutation", params: { path: "chat.send", input: { json: { streamId: target.streamId, body } } } }),
      );
      counters.sent++;
    },
    close: () => closeSocket(socket),
  };
}

/** The bench raw-ws server relays every frame on /publish as is: serialise the chat message once, here. */
async function rawWsPublisher(target: PublisherTarget): Promise<Publisher> {
  const socket = await openSocket(`${target.baseUrl}/publish`, () => {});
  const counters = newCounters();
  return {
    counters,
    publish(body) {
      socket.send(JSON.stringify({ type: "chat.message", streamId: target.streamId, body }));
      counters.sent++;
    },
    close: () => closeSocket(socket),
  };
}

/** Socket.IO framing as in protocols.ts; the server relays `publish(room, body)` to the room. */
async function socketIoPublisher(target: PublisherTarget): Promise<Publisher> {
  let settle: (error?: Error) => void = () => {};
  // Settling twice is a no-op, so a later close cannot reject after the connect.
  const connected = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  const socket = await openSocket(`${target.baseUrl}/socket.io/?EIO=4&transport=websocket`, (text, socket) => {
    if (text === "2") socket.send("3");
    else if (text.startsWith("0")) socket.send("40");
    else if (text.startsWith("40")) settle();
  });
  const timer = setTimeout(() => {
    settle(new Error("socket.io publisher: no namespace connect"));
    socket.terminate();
  }, OPEN_TIMEOUT_MS);
  socket.once("close", () => settle(new Error("socket.io publisher: closed before the namespace connect")));
  await connected.finally(() => clearTimeout(timer));
  const counters = newCounters();
  return {
    counters,
    publish(body) {
      socket.send(`42${JSON.stringify(["publish", target.streamId, body])}`);
      counters.sent++;
    },
    close: () => closeSocket(socket),
  };
}

export function connectPublisher(target: PublisherTarget): Promise<Publisher> {
  switch (target.system) {
    case "onair":
      return onairPublisher(target);
    case "raw-ws":
      return rawWsPublisher(target);
    case "socketio":
      return socketIoPublisher(target);
  }
}
