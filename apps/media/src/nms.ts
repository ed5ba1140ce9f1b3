import type { EventEmitter } from "node:events";
import type { WriteStream } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Server, type Socket } from "node:net";

/**
 * node-media-server 4.4 (RTMP in, HTTP-FLV out), typed for what OnAir uses. It keeps its state in module-level
 * singletons (Context, logger), so there is one engine per process.
 */

const require = createRequire(import.meta.url);

/** A connection inside the engine: an RTMP publisher or player, an HTTP-FLV player, or an internal subscriber. */
export interface NmsSession {
  id: string;
  /** "address:port" of the peer; "" for internal subscribers (recordings, OnAir's health probe). */
  ip: string;
  protocol: string;
  streamApp: string;
  streamName: string;
  streamPath: string;
  streamQuery: Record<string, string | string[] | undefined>;
  /** RTMP sessions only. */
  socket?: Socket;
  broadcast: NmsBroadcast;
  inBytes: number;
  videoCodec: number | string;
  videoWidth: number;
  videoHeight: number;
  videoFramerate: number;
  audioCodec: number | string;
  sendBuffer: (buffer: Buffer) => void;
  close: () => void;
}

export interface NmsBroadcast {
  publisher: NmsSession | null;
  subscribers: Map<string, NmsSession>;
  postPlay(session: NmsSession): string | null;
  donePlay(session: NmsSession): void;
}

interface NmsRecordSession {
  filePath: string;
  fileStream: WriteStream;
}

interface NodeMediaServerInstance {
  run(): Promise<void>;
  stop(): Promise<void>;
  on(event: "prePublish" | "prePlay", listener: (session: NmsSession) => void): void;
  rtmpServer: { run(): void; tcpServer: Server };
  httpServer: { httpServer: Server };
  recordServer: {
    startRecord(streamPath: string): { ok: boolean; error?: string; filePath?: string };
    stopRecord(streamPath: string): { ok: boolean };
    getActiveRecord(streamPath: string): NmsRecordSession | undefined;
  };
}

type NodeMediaServerClass = new (config: Record<string, unknown>) => NodeMediaServerInstance;

const NodeMediaServer = require("node-media-server") as NodeMediaServerClass;
const BaseSession = require("node-media-server/src/session/base_session.js") as new () => NmsSession;
const logger = require("node-media-server/src/core/logger.js") as { level: string };
export const nmsContext = require("node-media-server/src/core/context.js") as {
  sessions: Map<string, NmsSession>;
  broadcasts: Map<string, NmsBroadcast>;
  eventEmitter: EventEmitter;
  config: { bind?: string };
};

/** Throws a clear error when host:port is taken (node-media-server would call process.exit(1) instead). */
export async function assertPortFree(host: string, port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `${what} port ${host}:${port} is already in use (another media server?): stop it or choose another port.`
            : `${what} cannot listen on ${host}:${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A free port on 127.0.0.1 (for the engine's internal HTTP-FLV listener). */
export async function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let running = false;

export interface IngestEngine {
  readonly internalFlvPort: number;
  /** Called for every publish attempt, before any of its media is read. */
  onPublishAttempt(listener: (session: NmsSession) => void): void;
  /** Starts writing the stream's FLV to `<recordDir>/<app>/<name>/<ms>.flv`; null when it cannot. */
  startRecording(streamPath: string): string | null;
  /** Stops the stream's recording; resolves when the file is complete on disk. */
  stopRecording(streamPath: string, filePath: string): Promise<void>;
  /** An internal subscriber that receives every FLV tag of the stream (the header first). */
  subscribe(broadcast: NmsBroadcast, streamPath: string, onTag: (buffer: Buffer) => void): () => void;
  stop(): Promise<void>;
}

export async function startIngestEngine(options: {
  rtmpHost: string;
  rtmpPort: number;
  /** 0: any free port. Always on 127.0.0.1: the engine's HTTP port also accepts publishing. */
  internalFlvPort: number;
  recordDir: string;
  storeDir: string;
}): Promise<IngestEngine> {
  if (running) throw new Error("The RTMP engine keeps process-wide state: one media server per process.");
  await assertPortFree(options.rtmpHost, options.rtmpPort, "RTMP");
  const internalFlvPort = options.internalFlvPort || (await freeLocalPort());
  if (options.internalFlvPort) await assertPortFree("127.0.0.1", internalFlvPort, "Internal HTTP-FLV");
  running = true;

  // Pinned: the engine's constructor sets "debug" (banner lines, then a line per connection and packet type).
  Object.defineProperty(logger, "level", { get: () => "warn", set: () => undefined, configurable: true });
  const nms = new NodeMediaServer({
    // The RTMP listener takes its own host below; `bind` is what the HTTP listener uses.
    bind: "127.0.0.1",
    rtmp: { port: options.rtmpPort },
    http: { port: internalFlvPort },
    webadmin: { enable: false },
    record: { path: options.recordDir, auto: false },
    store: { path: options.storeDir, maxHistory: 100 },
  });
  // Viewers watch through the media HTTP server, which checks that they may; RTMP playback would bypass that.
  nms.on("prePlay", (session) => {
    if (session.protocol === "rtmp") session.socket?.destroy();
  });
  await runWithRtmpHost(nms, options.rtmpHost);

  return {
    internalFlvPort,
    onPublishAttempt: (listener) => nms.on("prePublish", listener),
    startRecording(streamPath) {
      const result = nms.recordServer.startRecord(streamPath);
      return result.ok && result.filePath ? result.filePath : null;
    },
    async stopRecording(streamPath, filePath) {
      const record = nms.recordServer.getActiveRecord(streamPath);
      if (!record || record.filePath !== filePath) return;
      const closed = new Promise<void>((resolve) => record.fileStream.once("close", () => resolve()));
      nms.recordServer.stopRecord(streamPath);
      await closed;
    },
    subscribe(broadcast, streamPath, onTag) {
      const probe = new BaseSession();
      probe.protocol = "flv";
      probe.streamPath = streamPath;
      probe.sendBuffer = onTag;
      broadcast.postPlay(probe);
      return () => broadcast.donePlay(probe);
    },
    async stop() {
      await nms.stop();
      running = false;
    },
  };
}

/**
 * node-media-server listens with one `bind` address for RTMP and HTTP; OnAir wants RTMP on its public host and HTTP
 * on 127.0.0.1 only. Its RTMP server reads `Context.config.bind` when it calls listen (synchronously, in its run()),
 * so the address is switched for that call. Resolves once both listeners listen.
 */
async function runWithRtmpHost(nms: NodeMediaServerInstance, rtmpHost: string): Promise<void> {
  const runRtmp = nms.rtmpServer.run.bind(nms.rtmpServer);
  nms.rtmpServer.run = () => {
    const httpBind = nmsContext.config.bind;
    nmsContext.config.bind = rtmpHost;
    try {
      runRtmp();
    } finally {
      nmsContext.config.bind = httpBind;
    }
  };
  await nms.run();
  for (const server of [nms.rtmpServer.tcpServer, nms.httpServer.httpServer]) {
    if (!server.listening) await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  }
}
