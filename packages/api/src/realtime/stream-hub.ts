import type { DbOrTx } from "@onair/db";
import type { EventBus } from "../events/bus";
import { LocalFanout } from "../events/local-fanout";
import type { ChatMessageView, StreamEvent, StreamStats } from "../events/types";
import { databaseAvailability } from "../database-availability";
import { AppError } from "../errors";
import { reconnectDelay } from "../events/reconnect-listeners";
import { messagesAfter } from "../services/chat/messages-after";
import type { DirectSink } from "./direct-delivery";

/** How many of a room's latest chat message events it keeps for replays (see messageEvent). */
const RECENT_MESSAGES = 500;

/**
 * How long a room holds a message that arrived ahead of a missing one before
 * reading the missing ones from PostgreSQL. Sends commit in sequence order but
 * are published concurrently, so under load the bus often hands them over
 * slightly out of order; the missing message almost always follows within
 * milliseconds, and reading it from the database instead would stall the
 * room's delivery on a query each time.
 */
const REORDER_WAIT_MS = 100;

/** Delays between a room's attempts to read what it missed while the database is unreachable. */
const CATCH_UP_BACKOFF = { initialDelayMs: 250, maxDelayMs: 5_000 };

/**
 * A process's view of one stream: holds the single bus subscription for all
 * local subscribers, puts chat messages in sequence order (reading skipped
 * numbers from PostgreSQL once for everybody, never per subscriber), and
 * fans every event out to local subscribers.
 */
class Room {
  private readonly fanout = new LocalFanout();
  /** Subscribers in direct mode (see direct-delivery.ts). */
  private readonly sinks = new Set<DirectSink>();
  private readonly busAbort = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private lastSeq = 0;
  private catchUpTimer: NodeJS.Timeout | null = null;
  private catchUpAttempt = 0;
  /** Messages that arrived ahead of a missing sequence number, by seq (see REORDER_WAIT_MS). */
  private readonly early = new Map<number, ChatMessageView>();
  private gapTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The latest chat message events by seq, oldest first. */
  private readonly recentMessages = new Map<number, StreamEvent>();
  stats: StreamStats = { viewerCount: 0, peakViewers: 0, likeCount: 0 };
  readonly ready: Promise<void>;

  constructor(
    readonly streamId: string,
    private readonly db: DbOrTx,
    private readonly bus: EventBus,
  ) {
    this.ready = this.start();
    // A failed start is reported to whoever awaits `ready`.
    this.ready.catch(() => {});
  }

  private async start(): Promise<void> {
    const events = await this.bus.subscribe(this.streamId, this.busAbort.signal);
    // Read after subscribing: anything committed later arrives through `events`.
    const stream = await this.db.liveStream.findUnique({
      where: { id: this.streamId },
      select: { lastMessageSeq: true, peakViewers: true, likeCount: true },
    });
    if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
    this.lastSeq = stream.lastMessageSeq;
    this.stats = { viewerCount: 0, peakViewers: stream.peakViewers, likeCount: stream.likeCount };
    void (async () => {
      for await (const event of events) this.enqueue(() => this.handle(event));
    })();
  }

  get subscriberCount(): number {
    return this.fanout.listenerCount(this.streamId) + this.sinks.size;
  }

  addSink(sink: DirectSink): void {
    this.sinks.add(sink);
  }

  removeSink(sink: DirectSink): void {
    this.sinks.delete(sink);
  }

  subscribe(signal: AbortSignal): AsyncIterable<StreamEvent> {
    return this.fanout.iterate(this.streamId, signal);
  }

  /** Delivers an event produced in this process (presence ticks) to local subscribers only. */
  emitLocal(event: StreamEvent): void {
    this.enqueue(() => this.emit(event));
  }

  /**
   * Reads whatever was committed since the last delivered message (after a bus
   * outage or a failed gap fill). If that read fails it is tried again, with
   * back-off, until it succeeds: a room never waits for the next message to heal.
   */
  resync(): void {
    this.enqueue(() => this.catchUp());
  }

  close(): void {
    this.closed = true;
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.busAbort.abort();
  }

  private async catchUp(): Promise<void> {
    if (this.closed) return;
    try {
      for await (const message of messagesAfter(this.db, this.streamId, this.lastSeq)) this.deliverMessage(message);
      this.deliverEarly();
      this.catchUpAttempt = 0;
    } catch (error) {
      this.report(error);
      this.retryCatchUp();
    }
  }

  private retryCatchUp(): void {
    if (this.closed || this.catchUpTimer) return;
    this.catchUpTimer = setTimeout(
      () => {
        this.catchUpTimer = null;
        this.resync();
      },
      reconnectDelay(CATCH_UP_BACKOFF, this.catchUpAttempt++),
    );
  }

  /** A lost database connection is logged once by the availability tracker; anything else here. */
  private report(error: unknown): void {
    if (!databaseAvailability(this.db).reportFailure(error)) console.error(`[hub] stream ${this.streamId}:`, error);
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.report(error));
  }

  private handle(event: StreamEvent): void {
    if (event.type === "chat.message") {
      const { seq } = event.message;
      if (seq <= this.lastSeq) return;
      if (seq > this.lastSeq + 1) {
        this.early.set(seq, event.message);
        this.gapTimer ??= setTimeout(() => {
          this.gapTimer = null;
          this.enqueue(() => this.fillGap());
        }, REORDER_WAIT_MS);
        return;
      }
      this.deliverMessage(event.message);
      this.deliverEarly();
      return;
    }
    if (event.type === "likes.updated") this.stats = { ...this.stats, likeCount: event.likeCount };
    this.emit(event);
  }

  /** Reads the messages still missing before the earliest early one, then delivers what is in order. */
  private async fillGap(): Promise<void> {
    if (this.closed || this.early.size === 0) return;
    const firstEarly = Math.min(...this.early.keys());
    try {
      for await (const missed of messagesAfter(this.db, this.streamId, this.lastSeq, firstEarly)) this.deliverMessage(missed);
    } catch (error) {
      // The early messages are committed too: the catch-up delivers them after the ones before them.
      this.report(error);
      this.retryCatchUp();
      return;
    }
    // Not every sequence number is a visible message (a send can fail after taking one): the read is the truth.
    this.lastSeq = Math.max(this.lastSeq, firstEarly - 1);
    this.deliverEarly();
  }

  /** Delivers the early messages that are next in sequence; waits again if a gap remains. */
  private deliverEarly(): void {
    for (let next = this.early.get(this.lastSeq + 1); next; next = this.early.get(this.lastSeq + 1)) {
      this.early.delete(next.seq);
      this.deliverMessage(next);
    }
    for (const seq of this.early.keys()) if (seq <= this.lastSeq) this.early.delete(seq);
    if (this.early.size === 0) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else {
      this.gapTimer ??= setTimeout(() => {
        this.gapTimer = null;
        this.enqueue(() => this.fillGap());
      }, REORDER_WAIT_MS);
    }
  }

  private deliverMessage(message: ChatMessageView): void {
    if (message.seq <= this.lastSeq) return;
    this.lastSeq = message.seq;
    this.emit(this.messageEvent(message));
  }

  /**
   * The chat.message event of a message: the same object for every subscriber
   * that replays or receives a recent message, so its frame is encoded once
   * (direct-delivery.ts) even when many clients resume at the same time.
   */
  messageEvent(message: ChatMessageView): StreamEvent {
    let event = this.recentMessages.get(message.seq);
    if (!event) {
      event = { type: "chat.message", streamId: this.streamId, message };
      this.recentMessages.set(message.seq, event);
      if (this.recentMessages.size > RECENT_MESSAGES) this.recentMessages.delete(this.recentMessages.keys().next().value!);
    }
    return event;
  }

  private emit(event: StreamEvent): void {
    for (const sink of this.sinks) sink.deliver(event);
    this.fanout.emit(event);
  }
}

export class StreamHub {
  private readonly rooms = new Map<string, Room>();
  private readonly stopReconnect: () => void;

  constructor(private readonly deps: { db: DbOrTx; bus: EventBus }) {
    this.stopReconnect = deps.bus.onReconnect(() => {
      for (const room of this.rooms.values()) room.resync();
    });
  }

  /**
   * Live events of a stream, in order, from the moment this resolves. Subscribe
   * before reading the database, so nothing falls between the read and the stream.
   * Throws NOT_FOUND for a stream that does not exist.
   */
  async join(streamId: string, signal: AbortSignal): Promise<AsyncIterable<StreamEvent>> {
    const room = this.roomFor(streamId);
    const events = room.subscribe(signal);
    signal.addEventListener("abort", () => queueMicrotask(() => this.closeIfEmpty(room)), { once: true });
    await this.ready(room);
    return events;
  }

  /**
   * Registers a direct-mode subscriber (it buffers until it goes live).
   * Like join, it is in the room before this resolves; `signal` removes it.
   */
  async attachSink(streamId: string, sink: DirectSink, signal: AbortSignal): Promise<void> {
    const room = this.roomFor(streamId);
    room.addSink(sink);
    signal.addEventListener(
      "abort",
      () => {
        room.removeSink(sink);
        queueMicrotask(() => this.closeIfEmpty(room));
      },
      { once: true },
    );
    await this.ready(room);
  }

  room(streamId: string): Room | undefined {
    return this.rooms.get(streamId);
  }

  close(): void {
    this.stopReconnect();
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
  }

  private roomFor(streamId: string): Room {
    let room = this.rooms.get(streamId);
    if (!room) {
      room = new Room(streamId, this.deps.db, this.deps.bus);
      this.rooms.set(streamId, room);
    }
    return room;
  }

  private async ready(room: Room): Promise<void> {
    try {
      await room.ready;
    } catch (error) {
      if (this.rooms.get(room.streamId) === room) this.rooms.delete(room.streamId);
      room.close();
      throw error;
    }
  }

  private closeIfEmpty(room: Room): void {
    if (room.subscriberCount > 0 || this.rooms.get(room.streamId) !== room) return;
    this.rooms.delete(room.streamId);
    room.close();
  }
}

export type { Room };
