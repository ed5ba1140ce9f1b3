import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { reachableByOthers, startEmbeddedPostgres } from "./embedded";
import { freePort } from "./testing";

const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

async function privateFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "onair-private-"));
  await chmod(dir, 0o700);
  cleanup.push(dir);
  return dir;
}

describe("embedded PostgreSQL from a private folder", () => {
  it("tells whether other users can reach a path", async () => {
    const dir = await privateFolder();
    await mkdir(path.join(dir, "data"));
    expect(await reachableByOthers(path.join(dir, "data", "postgres"))).toBe(false);
    await chmod(dir, 0o755);
    expect(await reachableByOthers(path.join(dir, "data", "postgres"))).toBe(true);
  });

  // As root the server runs as the "postgres" user, who cannot enter a mode-700 folder of root's
  // (that was `spawn … initdb EACCES` / "could not create directory"); it must start anyway.
  it("starts, answers and stops with its data folder inside a folder only its owner can enter", async () => {
    const dir = await privateFolder();
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(dir, ".data", "postgres"),
      port: await freePort(),
      persistent: false,
    });
    // As root the data had to move out of the private folder (to /var/lib/onair/<hash>/postgres).
    if (!embedded.dataDir.startsWith(dir)) cleanup.push(path.dirname(embedded.dataDir));
    try {
      const client = new pg.Client({ connectionString: embedded.serverUrl });
      await client.connect();
      const { rows } = await client.query<{ answer: number }>("select 1 + 1 as answer");
      await client.end();
      expect(rows).toEqual([{ answer: 2 }]);
    } finally {
      await embedded.stop();
    }
  }, 120_000);
});
