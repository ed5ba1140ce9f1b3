import WebSocket from "ws";

const OPEN_TIMEOUT_MS = 15_000;

export type CallResult = { ok: true; data: unknown } | { ok: false; code: string; message: string };

interface TrpcErrorShape {
  message?: string;
  data?: { code?: string };
}

interface Reply {
  id?: number;
  result?: { type?: string; data?: { json?: unknown } };
  error?: { json?: TrpcErrorShape } & TrpcErrorShape;
}

/**
 * One signed-in buyer: a tRPC WebSocket as @trpc/client's wsLink speaks it
 * (`?connectionParams=1`, then the API token as the first frame), superjson
 * envelopes, one pending promise per request id.
 */
export class BuyerClient {
  private nextId = 0;
  private readonly pending = new Map<number, (result: CallResult) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => this.onFrame((data as Buffer).toString()));
    socket.on("close", () => this.failAll("CLOSED", "the socket closed"));
  }

  static connect(baseUrl: string, token: string): Promise<BuyerClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${baseUrl}?connectionParams=1`, { perMessageDeflate: false, handshakeTimeout: OPEN_TIMEOUT_MS });
      // Attached before "open": the server's first frame can come in the handshake's read.
      const client = new BuyerClient(socket);
      socket.once("open", () => {
        socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
        resolve(client);
      });
      socket.once("error", reject);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  mutation(path: string, input: unknown): Promise<CallResult> {
    if (!this.open) return Promise.resolve({ ok: false, code: "CLOSED", message: "the socket is not open" });
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method: "mutation", params: { path, input: { json: input } } }));
    });
  }

  /** Resolves every call still waiting (as TIMEOUT) and closes the socket. */
  close(): Promise<void> {
    this.failAll("TIMEOUT", "no answer before the bench stopped waiting");
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
      setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2_000).unref();
    });
  }

  private onFrame(text: string): void {
    if (text === "PING") return this.socket.send("PONG");
    if (text === "PONG") return;
    let reply: Reply;
    try {
      reply = JSON.parse(text) as Reply;
    } catch {
      return;
    }
    if (typeof reply.id !== "number") return;
    const resolve = this.pending.get(reply.id);
    if (!resolve) return;
    this.pending.delete(reply.id);
    if (reply.error) {
      // With the superjson transformer the error shape is wrapped as { json: shape }.
      const shape = reply.error.json ?? reply.error;
      resolve({ ok: false, code: shape.data?.code ?? "ERROR", message: shape.message ?? text.slice(0, 200) });
    } else {
      resolve({ ok: true, data: reply.result?.data?.json });
    }
  }

  private failAll(code: string, message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, code, message });
    this.pending.clear();
  }
}
