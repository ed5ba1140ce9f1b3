/**
 * Development-only tooling: embedded PostgreSQL, migrations, database admin,
 * demo data and per-run test databases. Imported by the start script, tests,
 * the benchmark and the e2e setup; never by the apps at runtime (`@onair/db`).
 */
export { createDatabase, databaseExists, dropDatabase } from "./admin";
export { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
export { migrateDeploy } from "./migrate";
export { DEMO_ACCOUNTS, seedDemoData } from "./seed";
export { createTestDatabase, freePort, type TestDatabase } from "./testing";
