import WebSocket from "ws";

const CALL_TIMEOUT_MS = 30_000;

/**
 * A Chrome DevTools Protocol session with another Node process (started with
 * --inspect), used to force GCs and to profile a server during the measured
 * window without changing its code.
 */
export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const reply = JSON.parse((data as Buffer).toString()) as { id?: number; result?: unknown; error?: { message?: string } };
      const waiter = reply.id === undefined ? undefined : this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id!);
      if (reply.error) waiter.reject(new Error(reply.error.message ?? "inspector error"));
      else waiter.resolve(reply.result);
    });
    socket.on("close", () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error("inspector session closed"));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: CALL_TIMEOUT_MS });
      socket.once("open", () => resolve(new InspectorSession(socket)));
      socket.once("error", reject);
    });
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`inspector: no answer to ${method} within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** A full garbage collection in the inspected process. */
export async function forceGc(url: string): Promise<void> {
  const session = await InspectorSession.open(url);
  try {
    await session.call("HeapProfiler.collectGarbage");
  } finally {
    session.close();
  }
}

/** Starts the V8 sampling profiler; the returned function stops it and returns the .cpuprofile JSON. */
export async function startCpuProfile(url: string): Promise<() => Promise<string>> {
  const session = await InspectorSession.open(url);
  await session.call("Profiler.enable");
  await session.call("Profiler.start");
  return async () => {
    try {
      const { profile } = await session.call<{ profile: unknown }>("Profiler.stop");
      return JSON.stringify(profile);
    } finally {
      session.close();
    }
  };
}

/** Live bytes on the inspected process's V8 heap (main thread; meaningful right after a forced GC). */
export async function heapUsedBytes(url: string): Promise<number> {
  const session = await InspectorSession.open(url);
  try {
    const { usedSize } = await session.call<{ usedSize: number }>("Runtime.getHeapUsage");
    return usedSize;
  } finally {
    session.close();
  }
}
