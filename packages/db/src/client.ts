import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { poolConfigFromUrl } from "./connection";

export function createDbClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ ...poolConfigFromUrl(databaseUrl), max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } });
}

const cache = globalThis as unknown as { onairDb?: { url: string; client: PrismaClient } };

/** One client per process (kept on globalThis so Next.js hot reload does not open new pools). */
export function getDb(databaseUrl: string): PrismaClient {
  if (cache.onairDb?.url !== databaseUrl) {
    cache.onairDb = { url: databaseUrl, client: createDbClient(databaseUrl) };
  }
  return cache.onairDb.client;
}

export type Db = PrismaClient;
/** A client or an interactive transaction: services that can run inside either take this. */
export type DbOrTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
