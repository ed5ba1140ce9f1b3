import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, dropDatabase } from "./admin";
import { withDatabase } from "../connection";
import { startEmbeddedPostgres } from "./embedded";
import { migrateDeploy } from "./migrate";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestDatabase {
  url: string;
  /** Drops the database (and stops the embedded server when one was started). */
  dispose(): Promise<void>;
}

/**
 * A freshly migrated database of its own for one test run. Uses the server in
 * TEST_DATABASE_URL or DATABASE_URL when set; otherwise starts an embedded PostgreSQL.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `onair_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

  let serverUrl: string;
  let stopServer = async () => {};
  if (configured) {
    serverUrl = withDatabase(configured, "postgres");
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), "onair-test-pg-"));
    await chmod(dataDir, 0o777);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: await freePort(), persistent: false });
    serverUrl = embedded.serverUrl;
    stopServer = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  await createDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  try {
    await migrateDeploy(url);
  } catch (error) {
    await dropDatabase(serverUrl, name).catch(() => {});
    await stopServer();
    throw error;
  }
  return {
    url,
    async dispose() {
      await dropDatabase(serverUrl, name);
      await stopServer();
    },
  };
}
