import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's freshly migrated test database (see test/global-setup.ts). */
    databaseUrl: string;
  }
}
