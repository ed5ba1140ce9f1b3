import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { trackPid } from "./cleanup";

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const TAIL_LINES = 30;
/** What Node itself prints on stderr when started with --inspect. */
const INSPECTOR_NOISE = /^(Debugger (listening|attached|ending)|For help, see: https:\/\/nodejs\.org|Waiting for the debugger)/;

export interface ServerSpec {
  /** e.g. "onair-a"; names the log file. */
  name: string;
  cwd: string;
  /** TypeScript entry, relative to cwd, run with `node --import tsx`. */
  entry: string;
  env: Record<string, string>;
  /** Matches the line printed when the server listens; group 1 is the port. */
  readyPattern: RegExp;
  /** Start with an inspector on a random port (to force GCs, or to profile). */
  inspect: boolean;
}

export interface ServerProcess {
  name: string;
  pid: number;
  port: number;
  /** The inspector's WebSocket URL when started with `inspect`. */
  inspectorUrl: string | undefined;
  logFile: string;
  /** The last few lines the server wrote to stderr (stack-trace lines and inspector messages left out). */
  recentErrors(): string[];
  alive(): boolean;
  stop(): Promise<void>;
}

/** Starts a Node server process and resolves once it printed its ready line. */
export async function startServer(spec: ServerSpec, logDir: string): Promise<ServerProcess> {
  const logFile = path.join(logDir, `${spec.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const flags = spec.inspect ? ["--inspect=127.0.0.1:0"] : [];
  const child = spawn(process.execPath, [...flags, "--import", "tsx", spec.entry], {
    cwd: spec.cwd,
    env: { ...process.env, NODE_ENV: "production", ...spec.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.name}: could not spawn node`);
  const untrack = trackPid(pid);
  log.write(`[bench] ${spec.name} started as pid ${pid}\n`);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => {
    untrack();
    log.end();
  });

  const tail: string[] = [];
  const errors: string[] = [];
  let inspectorUrl: string | undefined;
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.name} not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const onLine = (line: string, fromStderr: boolean) => {
      log.write(`${line}\n`);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      if (fromStderr && !INSPECTOR_NOISE.test(line) && !/^\s+at /.test(line)) {
        errors.push(line.slice(0, 300));
        if (errors.length > TAIL_LINES) errors.shift();
      }
      inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
      const port = spec.readyPattern.exec(line)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    };
    createInterface({ input: child.stdout }).on("line", (line) => onLine(line, false));
    createInterface({ input: child.stderr }).on("line", (line) => onLine(line, true));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${spec.name} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready`));
    });
  });

  let port: number;
  try {
    port = await ready;
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}; last output:\n  ${tail.join("\n  ")}\n(full log: ${logFile})`);
  }
  if (spec.inspect && !inspectorUrl) console.warn(`[bench] ${spec.name}: no inspector URL seen; forced GC will be skipped`);

  return {
    name: spec.name,
    pid,
    port,
    inspectorUrl,
    logFile,
    recentErrors: () => errors.slice(-3),
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
