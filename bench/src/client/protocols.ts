import type { SystemName, ViewerTarget } from "./ipc";

/**
 * How a viewer speaks one system's protocol. Frames carrying a benchmark
 * payload are handled by the shared client; everything else (subscription
 * acknowledgements, keep-alives, errors) comes here as text.
 */
export interface ViewerProtocol {
  url(baseUrl: string): string;
  /** Sends whatever subscribes the viewer; true if it is ready as soon as the socket opens. */
  onOpen(send: (text: string) => void): boolean;
  onControl(text: string, send: (text: string) => void): ControlOutcome;
}

export type ControlOutcome = { kind: "ready" } | { kind: "keep-alive" } | { kind: "ignored" } | { kind: "error"; message: string };

const READY: ControlOutcome = { kind: "ready" };
const KEEP_ALIVE: ControlOutcome = { kind: "keep-alive" };
const IGNORED: ControlOutcome = { kind: "ignored" };
const unexpected = (text: string): ControlOutcome => ({ kind: "error", message: `unexpected frame: ${text.slice(0, 200)}` });

/**
 * tRPC v11 over WebSocket with the superjson transformer (checked against
 * @trpc/server's adapters/ws.ts): subscribe with id 1, wait for
 * `{"id":1,"result":{"type":"started"}}`; the server pings with the text frame PING.
 */
function onairProtocol(target: ViewerTarget): ViewerProtocol {
  const subscribe = JSON.stringify({
    id: 1,
    method: "subscription",
    params: { path: "chat.onMessage", input: { json: { streamId: target.streamId, lastEventId: target.lastEventId } } },
  });
  return {
    url: (baseUrl) => baseUrl,
    onOpen(send) {
      send(subscribe);
      return false;
    },
    onControl(text, send) {
      if (text === "PING") {
        send("PONG");
        return KEEP_ALIVE;
      }
      if (text === "PONG") return KEEP_ALIVE;
      let message: { method?: string; error?: { message?: string }; result?: { type?: string } };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        return unexpected(text);
      }
      if (message.result?.type === "started") return READY;
      if (message.method === "reconnect") return { kind: "error", message: "server sent a reconnect notification" };
      if (message.error) return { kind: "error", message: `subscription error: ${message.error.message ?? text}` };
      if (message.result?.type === "stopped") return { kind: "error", message: "server stopped the subscription" };
      return unexpected(text);
    },
  };
}

/** The bench raw-ws server: every frame is a payload; nothing to subscribe to. */
function rawWsProtocol(): ViewerProtocol {
  return {
    url: (baseUrl) => `${baseUrl}/`,
    onOpen: () => true,
    onControl: (text) => unexpected(text),
  };
}

/**
 * Engine.IO v4 / Socket.IO v5 framing over a plain WebSocket: the server opens
 * with `0{...}`, the client connects to the main namespace with `40`, the
 * server confirms with `40{"sid":...}` (the bench server has joined the room
 * by then), events are `42[...]`, engine pings `2` are answered with `3`.
 */
function socketIoProtocol(target: ViewerTarget): ViewerProtocol {
  const room = encodeURIComponent(target.streamId);
  return {
    url: (baseUrl) => `${baseUrl}/socket.io/?EIO=4&transport=websocket&room=${room}`,
    onOpen: () => false,
    onControl(text, send) {
      if (text === "2") {
        send("3");
        return KEEP_ALIVE;
      }
      if (text.startsWith("0")) {
        send("40");
        return IGNORED;
      }
      if (text.startsWith("40")) return READY;
      if (text.startsWith("44")) return { kind: "error", message: `socket.io connect error: ${text.slice(2, 200)}` };
      if (text.startsWith("41") || text === "1") return { kind: "error", message: "server closed the socket.io connection" };
      return unexpected(text);
    },
  };
}

export function viewerProtocol(target: ViewerTarget): ViewerProtocol {
  const factories: Record<SystemName, (target: ViewerTarget) => ViewerProtocol> = {
    onair: onairProtocol,
    "raw-ws": rawWsProtocol,
    socketio: socketIoProtocol,
  };
  return factories[target.system](target);
}
