/**
 * Everything the harness starts is registered here, so that a normal exit,
 * an error and Ctrl-C all stop servers, viewer processes and the database.
 */
type Task = () => Promise<void>;

const tasks: { name: string; run: Task }[] = [];
const pids = new Set<number>();
let cleaning: Promise<void> | undefined;

/** Registers an async cleanup (run in reverse order); returns a function that unregisters it. */
export function onCleanup(name: string, run: Task): () => void {
  const task = { name, run };
  tasks.push(task);
  return () => {
    const index = tasks.indexOf(task);
    if (index >= 0) tasks.splice(index, 1);
  };
}

/** A child process to SIGKILL if the harness exits without having stopped it. */
export function trackPid(pid: number): () => void {
  pids.add(pid);
  return () => pids.delete(pid);
}

/** True once cleanup has started (e.g. after Ctrl-C): start nothing new. */
export function shuttingDown(): boolean {
  return cleaning !== undefined;
}

export function runCleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const task of tasks.splice(0).reverse()) {
      try {
        await task.run();
      } catch (error) {
        console.error(`[bench] cleanup "${task.name}" failed:`, error);
      }
    }
  })();
  return cleaning;
}

export function installExitHandlers(): void {
  process.on("exit", () => {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) {
      console.error(`[bench] ${signal} again: killing everything now`);
      process.exit(130);
    }
    interrupted = true;
    console.error(`[bench] ${signal}: stopping servers and cleaning up (press Ctrl-C again to force)`);
    void runCleanup().finally(() => process.exit(130));
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
}
