import path from "node:path";
import type { EventBus } from "@onair/api/events";
import type { JobSender } from "@onair/api/jobs";
import type { MediaStorage } from "@onair/api/storage";
import type { Db } from "@onair/db";
import { MediaHttpServer } from "./http";
import { assertPortFree, startIngestEngine } from "./nms";
import { Publishers } from "./publishers";
import { Recorder } from "./recorder";

export interface MediaServerOptions {
  db: Db;
  bus: EventBus;
  /** The job queue (going live on connect notifies followers through it). */
  jobs?: JobSender;
  storage: MediaStorage;
  authSecret: string;
  /** MEDIA_DIR (absolute): raw recordings go under `<mediaDir>/ingest/`. */
  mediaDir: string;
  rtmp: { host: string; port: number };
  http: { host: string; port: number };
  /** The engine's HTTP-FLV port on 127.0.0.1 (0: any free port). */
  internalFlvPort?: number;
  /** Browser origins that may play live video and recordings. */
  allowedOrigins: string[];
  /** Null: sessions are not recorded (nothing could make them playable). */
  ffmpegPath: string | null;
  /** How often a publishing stream's health is saved (default 2 s). */
  healthIntervalMs?: number;
}

export interface RunningMediaServer {
  rtmpPort: number;
  httpPort: number;
  /** Whether an authorized encoder publishes to the stream now. */
  isPublishing(streamId: string): boolean;
  /** Resolves when every recording handed over so far is READY or FAILED. */
  recordingsIdle(): Promise<void>;
  close(): Promise<void>;
}

/** RTMP ingest, live HTTP-FLV and recordings: one per process (the RTMP engine keeps process-wide state). */
export async function startMediaServer(options: MediaServerOptions): Promise<RunningMediaServer> {
  const { db, bus, storage, mediaDir, ffmpegPath } = options;
  await assertPortFree(options.http.host, options.http.port, "Media HTTP");
  const engine = await startIngestEngine({
    rtmpHost: options.rtmp.host,
    rtmpPort: options.rtmp.port,
    internalFlvPort: options.internalFlvPort ?? 0,
    recordDir: path.join(mediaDir, "ingest", "raw"),
    storeDir: path.join(mediaDir, "ingest", "engine"),
  });
  const recorder = ffmpegPath ? new Recorder({ db, storage, mediaDir, ffmpegPath }) : null;
  // Created before the publishers, which close its viewers; it reads their state through these callbacks.
  let publishers: Publishers | null = null;
  const http = new MediaHttpServer({
    db,
    storage,
    authSecret: options.authSecret,
    allowedOrigins: options.allowedOrigins,
    internalFlvPort: engine.internalFlvPort,
    isPublishing: (streamId) => publishers?.isPublishing(streamId) ?? false,
    publisherCount: () => publishers?.count ?? 0,
  });
  publishers = new Publishers({
    db,
    bus,
    jobs: options.jobs,
    engine,
    recorder,
    mediaDir,
    healthIntervalMs: options.healthIntervalMs ?? 2_000,
    closeViewers: (streamId) => http.closeViewers(streamId),
  });
  const httpPort = await http.listen(options.http.port, options.http.host);
  const recovered = await recorder?.recover();
  if (recovered) console.log(`[media] finishing ${recovered} recording(s) a previous run left unfinished`);

  return {
    rtmpPort: options.rtmp.port,
    httpPort,
    isPublishing: (streamId) => publishers.isPublishing(streamId),
    recordingsIdle: async () => {
      await publishers.settled();
      await recorder?.idle();
    },
    async close() {
      await publishers.close();
      await http.close();
      await engine.stop();
      await recorder?.idle();
    },
  };
}
