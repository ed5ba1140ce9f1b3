import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's freshly migrated test database (see test/global-setup.ts). */
    databaseUrl: string;
    /** The run's Redis (a private redis-server, or TEST_REDIS_URL). */
    redisUrl: string;
    /** Key prefix unique to this run, so runs sharing a Redis never collide. */
    redisKeyPrefix: string;
  }
}
