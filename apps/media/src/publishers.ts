import { rm } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@onair/api";
import type { EventBus } from "@onair/api/events";
import type { JobSender } from "@onair/api/jobs";
import {
  authorizePublish,
  createRecording,
  goLiveOnConnect,
  markSourceConnected,
  markSourceDisconnected,
  recordIngestHealth,
  type IngestHealth,
  type PublishableStream,
} from "@onair/api/ingest";
import type { Db } from "@onair/db";
import { HealthMeter } from "./health-meter";
import type { IngestEngine, NmsSession } from "./nms";
import type { Recorder } from "./recorder";

export const LIVE_APP = "live";

interface Publisher {
  session: NmsSession;
  connectedAt: Date;
  stream: PublishableStream;
  key: string;
  meter: HealthMeter;
  lastHealth: IngestHealth | null;
  healthTimer: NodeJS.Timeout;
  /** Ends the bus subscription. */
  controller: AbortController;
  unsubscribeProbe: () => void;
  recording: { filePath: string; id: Promise<string | null> | null } | null;
  connected: Promise<void>;
  ended: Promise<void> | null;
}

export interface PublishersOptions {
  db: Db;
  bus: EventBus;
  /** The job queue (a stream that goes live on connect notifies its followers through it); absent: no notifications. */
  jobs?: JobSender;
  engine: IngestEngine;
  /** Null: recordings are off (no ffmpeg to make them playable). */
  recorder: Recorder | null;
  mediaDir: string;
  healthIntervalMs: number;
  /** Closes the stream's live viewers (its publisher is gone). */
  closeViewers: (streamId: string) => void;
}

function firstValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/**
 * The encoders publishing to this media server: checks each publish against the stream's ingest key, then keeps
 * the stream's source state, health and recording up to date until the encoder leaves or is kicked.
 */
export class Publishers {
  private readonly byStream = new Map<string, Publisher>();
  /** Sessions whose ending (recording hand-over, source state) is under way. */
  private readonly ending = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly options: PublishersOptions) {
    options.engine.onPublishAttempt((session) => this.onPublishAttempt(session));
  }

  /** Whether an authorized encoder publishes to the stream now. */
  isPublishing(streamId: string): boolean {
    return this.byStream.has(streamId);
  }

  get count(): number {
    return this.byStream.size;
  }

  private onPublishAttempt(session: NmsSession): void {
    const socket = session.socket;
    // Only RTMP publishes from outside; the engine's HTTP-FLV publishing is local, and refused too.
    if (!socket || session.protocol !== "rtmp") {
      session.close();
      return;
    }
    // Nothing more is read from the encoder until its key is checked, so no media flows before that.
    socket.pause();
    void this.authorize(session, socket).catch((error: unknown) => {
      console.error(`[media] publish to ${session.streamPath} failed: ${(error as Error).message}`);
      socket.destroy();
    });
  }

  private async authorize(session: NmsSession, socket: NonNullable<NmsSession["socket"]>): Promise<void> {
    const streamId = session.streamName;
    const key = firstValue(session.streamQuery.key);
    if (session.streamApp !== LIVE_APP) return this.refuse(session, `unknown application ${session.streamApp}`);
    let stream: PublishableStream;
    try {
      stream = await authorizePublish(this.options, { streamId, key });
    } catch (error) {
      if (error instanceof AppError) return this.refuse(session, error.message);
      throw error;
    }
    // The encoder left meanwhile, or another one holds the stream path (the engine refused this one).
    if (socket.destroyed || session.broadcast.publisher !== session || this.closing) return this.refuse(session, "no longer the publisher");
    await this.accept(session, socket, stream, key);
    socket.resume();
  }

  private refuse(session: NmsSession, reason: string): void {
    console.warn(`[media] refused publish to ${session.streamPath} from ${session.ip}: ${reason}`);
    session.socket?.destroy();
  }

  private async accept(
    session: NmsSession,
    socket: NonNullable<NmsSession["socket"]>,
    stream: PublishableStream,
    key: string,
  ): Promise<void> {
    const { db, bus, engine, healthIntervalMs } = this.options;
    const connectedAt = new Date();
    const meter = new HealthMeter(connectedAt);
    const publisher: Publisher = {
      session,
      connectedAt,
      stream,
      key,
      meter,
      lastHealth: null,
      healthTimer: setInterval(() => void this.sampleHealth(publisher), healthIntervalMs),
      controller: new AbortController(),
      unsubscribeProbe: () => {},
      recording: null,
      // Written first; the session's end waits for it, so "disconnected" is never overwritten by a late "connected".
      connected: markSourceConnected({ db, bus }, { streamId: stream.id, connectedAt }),
      ended: null,
    };
    // Handled where it is awaited below; this keeps a failure meanwhile from counting as unhandled.
    publisher.connected.catch(() => undefined);
    this.byStream.set(stream.id, publisher);
    socket.once("close", () => void this.end(publisher, { kick: false, reason: "encoder disconnected" }));

    const filePath = this.options.recorder ? engine.startRecording(session.streamPath) : null;
    if (filePath) publisher.recording = { filePath, id: null };
    publisher.unsubscribeProbe = engine.subscribe(session.broadcast, session.streamPath, (buffer) => {
      if (meter.onTag(buffer) && publisher.recording) {
        publisher.recording.id = this.createRecording(stream.id, meter.firstMediaAt!, publisher.recording.filePath);
      }
    });

    await this.watchEvents(publisher);
    await publisher.connected;
    console.log(`[media] ${session.ip} publishes to stream ${stream.id}`);
    if (publisher.ended) return;
    await goLiveOnConnect({ db, bus, jobs: this.options.jobs }, stream).catch((error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      console.warn(`[media] stream ${stream.id} did not go live on connect: ${error.message}`);
    });
  }

  private createRecording(streamId: string, startedAt: Date, filePath: string): Promise<string | null> {
    const sourcePath = path.relative(this.options.mediaDir, filePath).split(path.sep).join("/");
    return createRecording(this.options, { streamId, startedAt, sourcePath }).catch((error: unknown) => {
      console.error(`[media] could not record stream ${streamId}: ${(error as Error).message}`);
      return null;
    });
  }

  /** Kicks the encoder when the stream ends or its key is rotated (then the key it holds is no longer valid). */
  private async watchEvents(publisher: Publisher): Promise<void> {
    const { bus } = this.options;
    const events = await bus.subscribe(publisher.stream.id, publisher.controller.signal);
    void (async () => {
      for await (const event of events) {
        if (event.type === "stream.ended" || event.type === "ingest.keyRotated") {
          await this.end(publisher, {
            kick: true,
            reason: event.type === "stream.ended" ? "the stream ended" : "the stream key was rotated",
          });
        }
      }
    })().catch((error: unknown) =>
      console.error(`[media] event subscription of stream ${publisher.stream.id} failed: ${(error as Error).message}`),
    );
    // A rotation or end between the key check and the subscription was not heard: check again now.
    try {
      await authorizePublish(this.options, { streamId: publisher.stream.id, key: publisher.key });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await this.end(publisher, { kick: true, reason: error.message });
    }
  }

  private async sampleHealth(publisher: Publisher): Promise<void> {
    if (publisher.ended) return;
    const { session } = publisher;
    const health = publisher.meter.sample(session.inBytes, session);
    publisher.lastHealth = health;
    await recordIngestHealth(this.options, { streamId: publisher.stream.id, health }).catch((error: unknown) =>
      console.error(`[media] could not save the health of stream ${publisher.stream.id}: ${(error as Error).message}`),
    );
  }

  /** Ends a publish session once: kicks the encoder if asked, stops the recording and hands it to the recorder. */
  private end(publisher: Publisher, how: { kick: boolean; reason: string }): Promise<void> {
    if (!publisher.ended) {
      const ended = this.finish(publisher, how).finally(() => this.ending.delete(ended));
      this.ending.add(ended);
      publisher.ended = ended;
    }
    return publisher.ended;
  }

  /** Resolves when every session that has ended so far has handed over its recording and source state. */
  async settled(): Promise<void> {
    await Promise.all(this.ending);
  }

  private async finish(publisher: Publisher, { kick, reason }: { kick: boolean; reason: string }): Promise<void> {
    const { db, bus, engine, recorder } = this.options;
    const { session, stream } = publisher;
    console.log(`[media] stream ${stream.id}: publish from ${session.ip} ended (${reason})`);
    if (kick) session.socket?.destroy();
    clearInterval(publisher.healthTimer);
    publisher.controller.abort();
    publisher.unsubscribeProbe();
    if (this.byStream.get(stream.id) === publisher) this.byStream.delete(stream.id);
    this.options.closeViewers(stream.id);
    const endedAt = new Date();
    if (publisher.recording) {
      const { filePath } = publisher.recording;
      await engine.stopRecording(session.streamPath, filePath);
      const recordingId = await publisher.recording.id;
      if (recordingId && recorder) {
        await recorder.finish(recordingId, path.relative(this.options.mediaDir, filePath).split(path.sep).join("/"), endedAt);
      } else {
        await rm(filePath, { force: true });
      }
    }
    await publisher.connected.catch(() => undefined);
    await markSourceDisconnected(
      { db, bus },
      { streamId: stream.id, connectedAt: publisher.connectedAt, lastHealth: publisher.lastHealth },
    ).catch((error: unknown) => console.error(`[media] could not mark stream ${stream.id} disconnected: ${(error as Error).message}`));
  }

  /** Disconnects every encoder and finishes their sessions (on shutdown). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.byStream.values()].map((publisher) => this.end(publisher, { kick: true, reason: "the media server stops" })),
    );
  }
}
