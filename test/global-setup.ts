import { randomBytes } from "node:crypto";
import { createTestDatabase } from "@onair/db/dev";
import type { TestProject } from "vitest/node";
import { startTestRedis } from "./redis";

/** One freshly migrated database and one Redis key prefix per test run; both cleaned up at the end. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const redis = process.env.TEST_REDIS_URL ? null : await startTestRedis();
  project.provide("databaseUrl", database.url);
  project.provide("redisUrl", process.env.TEST_REDIS_URL ?? redis!.url);
  project.provide("redisKeyPrefix", `onair-test-${randomBytes(4).toString("hex")}:`);
  return async () => {
    await database.dispose();
    await redis?.dispose();
  };
}
