import { createTestDatabase } from "@onair/db/testing";
import type { TestProject } from "vitest/node";

/** One freshly migrated database per test run, dropped at the end. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  project.provide("databaseUrl", database.url);
  return () => database.dispose();
}
