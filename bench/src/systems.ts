import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { connectPublisher, type Publisher } from "./client/publishers";
import type { SystemName, ViewerTarget } from "./client/ipc";
import type { OnAirFixture } from "./onair-fixture";
import { startServer, type ServerProcess, type ServerSpec } from "./server-process";

export const SYSTEM_NAMES: readonly SystemName[] = ["onair", "raw-ws", "socketio"];

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
const ONAIR_WS_DIR = fileURLToPath(new URL("../../apps/ws", import.meta.url));
const SOCKETIO_ROOM = "bench-room";

export interface SystemContext {
  redisUrl: string;
  /** Unique per harness run, so runs never share Redis channels or keys. */
  redisKeyPrefix: string;
  logDir: string;
  /** Present when onair is benchmarked. */
  onair: OnAirFixture | undefined;
}

/** Two instances of one system, started for one scenario. */
export interface RunningSystem {
  name: SystemName;
  instances: ServerProcess[];
  /**
   * Where new viewers connect (they alternate between the instances; the
   * publisher uses instance A). For onair it carries the stream's current last
   * sequence number, so that viewers do not replay earlier runs' messages.
   */
  viewerTarget(): Promise<ViewerTarget>;
  connectPublisher(): Promise<Publisher>;
  stop(): Promise<void>;
}

function baseUrl(server: ServerProcess): string {
  return `ws://127.0.0.1:${server.port}`;
}

async function startPair(specs: [ServerSpec, ServerSpec], logDir: string): Promise<ServerProcess[]> {
  const results = await Promise.allSettled(specs.map((spec) => startServer(spec, logDir)));
  const started = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) {
    await Promise.all(started.map((server) => server.stop()));
    throw failure.reason;
  }
  return started;
}

interface SpawnOptions {
  inspect: boolean;
  /** More environment for the onair servers (e.g. a limit the scenario must not meet). */
  env?: Record<string, string>;
}

function benchServerSpecs(name: "raw-ws" | "socketio", context: SystemContext, options: SpawnOptions): [ServerSpec, ServerSpec] {
  const spec = (instance: string): ServerSpec => ({
    name: `${name}-${instance}`,
    cwd: BENCH_DIR,
    entry: `src/servers/${name}.ts`,
    env: { PORT: "0", HOST: "127.0.0.1", REDIS_URL: context.redisUrl, REDIS_KEY_PREFIX: context.redisKeyPrefix },
    readyPattern: /listening on 127\.0\.0\.1:(\d+)/,
    inspect: options.inspect,
  });
  return [spec("a"), spec("b")];
}

function onairSpecs(context: SystemContext, fixture: OnAirFixture, options: SpawnOptions): [ServerSpec, ServerSpec] {
  const authSecret = randomBytes(24).toString("hex");
  const spec = (instance: string): ServerSpec => ({
    name: `onair-${instance}`,
    cwd: ONAIR_WS_DIR,
    entry: "src/main.ts",
    env: {
      DATABASE_URL: fixture.databaseUrl,
      REDIS_URL: context.redisUrl,
      REDIS_KEY_PREFIX: context.redisKeyPrefix,
      AUTH_SECRET: authSecret,
      WS_PORT: "0",
      WS_HOST: "127.0.0.1",
      // Every simulated viewer connects from 127.0.0.1: the per-address cap would count them as one person.
      WS_MAX_CONNECTIONS_PER_IP: "100000",
      // The measured servers only serve WebSockets: no job workers polling beside them.
      JOBS_WORKER: "0",
      ...options.env,
    },
    readyPattern: /tRPC WebSocket server on ws:\/\/localhost:(\d+)/,
    inspect: options.inspect,
  });
  return [spec("a"), spec("b")];
}

/** Starts both instances of a system (fresh processes, and for onair a fresh stream). */
export async function startSystem(name: SystemName, context: SystemContext, options: SpawnOptions): Promise<RunningSystem> {
  const fixture = context.onair;
  let streamId = SOCKETIO_ROOM;
  let specs: [ServerSpec, ServerSpec];
  if (name === "onair") {
    if (!fixture) throw new Error("onair needs its database fixture");
    streamId = (await fixture.createStream()).id;
    specs = onairSpecs(context, fixture, options);
  } else {
    specs = benchServerSpecs(name, context, options);
  }

  const instances = await startPair(specs, context.logDir);
  const [instanceA] = instances;
  return {
    name,
    instances,
    viewerTarget: async () => ({
      system: name,
      baseUrls: instances.map(baseUrl),
      streamId,
      lastEventId: name === "onair" && fixture ? String(await fixture.lastMessageSeq(streamId)) : "0",
    }),
    connectPublisher: () => connectPublisher({ system: name, baseUrl: baseUrl(instanceA!), streamId, token: fixture?.token }),
    stop: async () => {
      await Promise.all(instances.map((server) => server.stop()));
    },
  };
}
