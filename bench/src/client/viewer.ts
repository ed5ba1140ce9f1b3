/**
 * A viewer process: holds a share of the viewer sockets, records what each
 * viewer receives, and answers the harness over IPC (see ipc.ts). Started by
 * viewer-pool.ts; never run directly.
 */
import { encodeIntoCompressedBase64, type Histogram } from "hdr-histogram-js";
import WebSocket from "ws";
import { newLatencyHistogram } from "../histogram";
import { findPayload, nowMs, PROBE_RUN, type Payload } from "../message";
import type { ConnectResult, RunStats, ViewerCommand, ViewerMessage, ViewerProgress, ViewerRequest } from "./ipc";
import { viewerProtocol, type ViewerProtocol } from "./protocols";

const PROGRESS_INTERVAL_MS = 250;
const CLOSE_TIMEOUT_MS = 5_000;
const MAX_ERRORS_KEPT = 5;

interface RunState {
  run: number;
  messages: number;
  /** seen[viewer * messages + n] = 1 once viewer got message n. */
  seen: Uint8Array;
  distinct: number;
  duplicated: number;
  outOfRange: number;
  lastDeliveryMs: number;
  latency: Histogram;
}

let sockets: (WebSocket | undefined)[] = [];
let probeSeen = new Uint8Array(0);
/** instanceOf[viewer] = index of the server instance the viewer is connected to. */
let instanceOf = new Uint8Array(0);
let probed: number[] = [];
let viewersPerInstance: number[] = [];
let listening = false;
let current: RunState | undefined;
let stale = 0;
let malformed = 0;
let closedWhileListening = 0;
const errors: string[] = [];
const payload: Payload = { run: 0, n: 0, intendedMs: 0 };

function send(message: ViewerMessage): void {
  process.send?.(message);
}

function noteError(message: string): void {
  if (errors.length < MAX_ERRORS_KEPT) errors.push(message);
}

function record(viewer: number, receivedMs: number): void {
  if (payload.run === PROBE_RUN) {
    if (probeSeen[viewer] === 0) {
      probeSeen[viewer] = 1;
      probed[instanceOf[viewer]!]!++;
    }
    return;
  }
  const run = current;
  if (!run || payload.run !== run.run) {
    stale++;
    return;
  }
  if (payload.n >= run.messages) {
    run.outOfRange++;
    return;
  }
  const slot = viewer * run.messages + payload.n;
  if (run.seen[slot] === 1) {
    run.duplicated++;
    return;
  }
  run.seen[slot] = 1;
  run.distinct++;
  run.lastDeliveryMs = receivedMs;
  run.latency.recordValue(Math.max(0, Math.round((receivedMs - payload.intendedMs) * 1000)));
}

/** Opens one viewer; resolves true once it is subscribed, false on failure or timeout. */
function connectViewer(viewer: number, url: string, protocol: ViewerProtocol, readyTimeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) noteError(`viewer ${viewer}: ${error}`);
      if (!ok) socket.terminate();
      resolve(ok);
    };
    const socket = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: readyTimeoutMs });
    const timer = setTimeout(() => settle(false, `not subscribed after ${readyTimeoutMs} ms`), readyTimeoutMs);
    const sendText = (text: string) => socket.send(text);
    sockets[viewer] = socket;

    socket.on("open", () => {
      if (protocol.onOpen(sendText)) settle(true);
    });
    socket.on("message", (data, isBinary) => {
      const receivedMs = nowMs();
      if (!Buffer.isBuffer(data)) return noteError("unexpected non-Buffer frame");
      const scan = findPayload(data, payload);
      if (scan === "payload") return record(viewer, receivedMs);
      if (scan === "malformed") {
        malformed++;
        return;
      }
      const outcome = protocol.onControl(isBinary ? "<binary>" : data.toString("utf8"), sendText);
      if (outcome.kind === "ready") settle(true);
      else if (outcome.kind === "error") {
        if (settled) noteError(`viewer ${viewer}: ${outcome.message}`);
        else settle(false, outcome.message);
      }
    });
    socket.on("error", (error) => settle(false, error.message));
    socket.on("close", () => {
      if (sockets[viewer] === socket) sockets[viewer] = undefined;
      if (settled && listening) closedWhileListening++;
      settle(false, "closed before subscribing");
    });
  });
}

/** Adds `count` viewers to the ones this process already holds. */
async function connect(command: Extract<ViewerCommand, { type: "connect" }>): Promise<ConnectResult> {
  const { target, firstIndex, count, concurrency, readyTimeoutMs } = command;
  if (current) throw new Error("cannot add viewers during a run");
  const protocol = viewerProtocol(target);
  const base = sockets.length;
  sockets.length = base + count;
  const grow = (array: Uint8Array) => {
    const grown = new Uint8Array(base + count);
    grown.set(array);
    return grown;
  };
  probeSeen = grow(probeSeen);
  instanceOf = grow(instanceOf);
  const instances = target.baseUrls.length;
  while (probed.length < instances) probed.push(0);
  while (viewersPerInstance.length < instances) viewersPerInstance.push(0);
  listening = true;
  let next = 0;
  let ready = 0;
  const worker = async () => {
    while (next < count) {
      const offset = next++;
      // Alternate instances by global viewer index so that both get half.
      const instance = (firstIndex + offset) % instances;
      instanceOf[base + offset] = instance;
      viewersPerInstance[instance]!++;
      if (await connectViewer(base + offset, protocol.url(target.baseUrls[instance]!), protocol, readyTimeoutMs)) ready++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { ready, failed: count - ready, errors: errors.splice(0) };
}

function startRun(run: number, messages: number): null {
  current = {
    run,
    messages,
    seen: new Uint8Array(sockets.length * messages),
    distinct: 0,
    duplicated: 0,
    outOfRange: 0,
    lastDeliveryMs: 0,
    latency: newLatencyHistogram(),
  };
  stale = 0;
  malformed = 0;
  closedWhileListening = 0;
  return null;
}

function collect(): RunStats {
  const run = current;
  if (!run) throw new Error("collect without a run");
  const stats: RunStats = {
    run: run.run,
    distinct: run.distinct,
    duplicated: run.duplicated,
    outOfRange: run.outOfRange,
    stale,
    malformed,
    closed: closedWhileListening,
    lastDeliveryMs: run.lastDeliveryMs,
    histogram: encodeIntoCompressedBase64(run.latency),
    errors: errors.splice(0),
  };
  current = undefined;
  return stats;
}

async function closeAll(): Promise<null> {
  listening = false;
  const open = sockets.filter((socket): socket is WebSocket => socket !== undefined);
  await Promise.all(
    open.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            socket.terminate();
            resolve();
          }, CLOSE_TIMEOUT_MS);
          socket.once("close", () => {
            clearTimeout(timer);
            resolve();
          });
          socket.close();
        }),
    ),
  );
  sockets = [];
  probeSeen = new Uint8Array(0);
  instanceOf = new Uint8Array(0);
  probed = [];
  viewersPerInstance = [];
  current = undefined;
  return null;
}

async function handle(command: ViewerCommand): Promise<ConnectResult | RunStats | null> {
  switch (command.type) {
    case "connect":
      return connect(command);
    case "start-run":
      return startRun(command.run, command.messages);
    case "collect":
      return collect();
    case "close-all":
      return closeAll();
  }
}

process.on("message", (request: ViewerRequest) => {
  handle(request).then(
    (result) => send({ type: "reply", requestId: request.requestId, ok: true, result }),
    (error: unknown) => send({ type: "reply", requestId: request.requestId, ok: false, error: String(error) }),
  );
});

setInterval(() => {
  const progress: ViewerProgress = {
    type: "progress",
    run: current?.run ?? -1,
    distinct: current?.distinct ?? 0,
    probed,
    viewers: viewersPerInstance,
    open: sockets.reduce((open, socket) => open + (socket?.readyState === WebSocket.OPEN ? 1 : 0), 0),
  };
  send(progress);
}, PROGRESS_INTERVAL_MS);

// The harness is gone (exit, crash or Ctrl-C): so are we.
process.on("disconnect", () => process.exit(0));
