// The runtime entry point: the client, connection helpers and the generated types.
// Development-only tooling (embedded PostgreSQL, migrations, seeding, test databases) is `@onair/db/dev`.
export { createDbClient, getDb, type Db, type DbOrTx } from "./client";
export { poolConfigFromUrl, redactUrl, withDatabase } from "./connection";
export * from "./generated/prisma/client";
