import { EventEmitter, on } from "node:events";
import type { StreamEvent } from "./types";

/** In-process fan-out of events that a bus received, keyed by stream id. */
export class LocalFanout {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(event: StreamEvent): void {
    this.emitter.emit(event.streamId, event);
  }

  listenerCount(streamId: string): number {
    return this.emitter.listenerCount(streamId);
  }

  /** The listener is attached before this returns; the iterable buffers until read. */
  iterate(streamId: string, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const iterator = on(this.emitter, streamId, { signal });
    return (async function* () {
      try {
        for await (const [event] of iterator) yield event as StreamEvent;
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
    })();
  }
}
