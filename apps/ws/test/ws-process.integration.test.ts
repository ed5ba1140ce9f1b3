import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createEventBus, type ChatMessageView, type EventBus } from "@onair/api/events";
import { createDbClient, type Db } from "@onair/db";
import { freePort } from "@onair/db/dev";
import type { OnAirClient } from "@onair/sdk";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { createLiveStream, createSdkClient, createUserWithToken, processExited, startHttpApi, startWsProcess, waitFor } from "./helpers";

// These tests run the real apps/ws entry point as a child process.
const wsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const AUTH_SECRET = "process-test-secret-process-test-secret";

let databaseUrl: string;
let db: Db;
let bus: EventBus;
let httpApi: Awaited<ReturnType<typeof startHttpApi>>;
const clients: OnAirClient[] = [];
const processes: ChildProcess[] = [];

beforeAll(async () => {
  databaseUrl = inject("databaseUrl");
  db = createDbClient(databaseUrl);
  bus = createEventBus({ databaseUrl });
  httpApi = await startHttpApi({ db, bus, authSecret: AUTH_SECRET });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await httpApi.close();
  await bus.close();
  await db.$disconnect();
});

function startServer(port: number) {
  return startWsProcess({ DATABASE_URL: databaseUrl, AUTH_SECRET, WS_PORT: String(port) }).then((child) => {
    processes.push(child);
    return child;
  });
}

async function senderAndStream() {
  const user = await createUserWithToken(db);
  const stream = await createLiveStream(db, user.id);
  return { token: user.token, streamId: stream.id };
}

function sdk(wsPort: number, token?: string): OnAirClient {
  const client = createSdkClient({ url: httpApi.url, wsUrl: `ws://127.0.0.1:${wsPort}`, token });
  clients.push(client);
  return client;
}

describe("apps/ws as a process", () => {
  it("a SIGKILLed server's clients resume on its replacement with every message once, in order", async () => {
    const port = await freePort();
    const first = await startServer(port);
    const { token, streamId } = await senderAndStream();
    const sender = sdk(port, token).api;
    const received: ChatMessageView[] = [];
    let started = false;
    const subscription = sdk(port).api.chat.onMessage.subscribe(
      { streamId, lastEventId: "0" },
      {
        onStarted: () => (started = true),
        onData: ({ data }) => data.type === "chat.message" && received.push(data.message),
      },
    );
    await waitFor(() => started, "the subscription to start");

    const total = 30;
    let replacement: ChildProcess | undefined;
    for (let i = 1; i <= total; i++) {
      await sender.chat.send.mutate({ streamId, body: `msg ${i}` });
      if (i === 10) {
        first.kill("SIGKILL");
        await processExited(first);
      }
      // Sends go on over HTTP while no WebSocket server runs; then a new one takes the port.
      if (i === 20) replacement = await startServer(port);
    }
    await waitFor(() => received.length >= total, `${total} messages (have ${received.length})`);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(received.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(received.map((m) => m.body)).toEqual(Array.from({ length: total }, (_, i) => `msg ${i + 1}`));
    subscription.unsubscribe();
    replacement!.kill("SIGTERM");
    await processExited(replacement!);
  });

  it("on SIGTERM tells clients to reconnect, closes its connections and exits cleanly", async () => {
    const port = await freePort();
    const server = await startServer(port);
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    const messages: string[] = [];
    socket.on("message", (data) => messages.push((data as Buffer).toString())); // binaryType "nodebuffer": one Buffer per message
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const closed = new Promise((resolve) => socket.once("close", resolve));

    server.kill("SIGTERM");
    expect(await processExited(server)).toEqual({ code: 0, signal: null });
    await closed;
    expect(messages.map((m) => JSON.parse(m) as { method?: string })).toContainEqual({ id: null, method: "reconnect" });
  });

  it("refuses to start with invalid configuration and names the variable", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: wsDir,
      env: { ...process.env, DATABASE_URL: "mysql://nope", AUTH_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect((await processExited(child)).code).toBe(1);
    expect(stderr.trim()).toBe("[ws] invalid configuration: DATABASE_URL must be a postgres:// URL");
  });
});
