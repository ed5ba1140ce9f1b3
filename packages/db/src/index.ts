export { createDbClient, getDb, type Db, type DbOrTx } from "./client";
export { poolConfigFromUrl, redactUrl, withDatabase } from "./connection";
export { migrateDeploy } from "./migrate";
export { createDatabase, databaseExists, dropDatabase } from "./admin";
export { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
export { DEMO_ACCOUNTS, seedDemoData } from "./seed";
export * from "./generated/prisma/client";
