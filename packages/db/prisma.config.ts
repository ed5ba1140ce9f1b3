import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { poolConfigFromUrl } from "./src/connection";

// `generate` and `migrate diff` never connect, but the schema and the adapter
// factory still want a URL; `migrate deploy` always gets the real one from our scripts.
process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/onair_url_not_set";

// The CLI runs Prisma's WebAssembly schema engine through the pg driver adapter,
// so generate / migrate work offline with no native engine download.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  adapter: () => Promise.resolve(new PrismaPg(poolConfigFromUrl(process.env.DATABASE_URL ?? ""))),
});
