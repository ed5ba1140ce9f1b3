import { createDbClient, Prisma, type Db } from "@onair/db";
import { TRPCError } from "@trpc/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRestartablePostgres, type RestartablePostgres } from "../../../test/restartable-postgres";
import { DatabaseAvailability, isConnectionFailure } from "../src/database-availability";
import { AppError } from "../src/errors";
import { createEventBus, type EventBus } from "../src/events";
import { createCaller } from "../src/root";
import { createContextInner } from "../src/context";
import { Limits } from "../src/services/limits/limits";
import { RateLimitStore } from "../src/services/limits/rate-limit-store";
import { createStream, createUser, TEST_AUTH_SECRET } from "./fixtures";
import { sleep } from "./subscribe";

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a failure"),
    (error: unknown) => error,
  );
}

let postgres: RestartablePostgres;
let db: Db;
beforeAll(async () => {
  postgres = await startRestartablePostgres();
  db = createDbClient(postgres.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await postgres?.dispose();
});

describe("isConnectionFailure, on the errors a real stopped PostgreSQL produces", () => {
  it("recognises lost and refused connections from pg and Prisma's pg adapter, and nothing else", async () => {
    const user = await createUser(db);
    // Ordinary query failures are not connection failures.
    const duplicate = await failure(db.user.create({ data: { username: user.username, email: `${user.username}-2@test.onair` } }));
    expect(duplicate).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(isConnectionFailure(duplicate)).toBe(false);
    const syntax = await failure(db.$queryRawUnsafe("SELEC 1"));
    expect(isConnectionFailure(syntax)).toBe(false);
    expect(isConnectionFailure(new AppError("BAD_REQUEST", "no"))).toBe(false);
    expect(isConnectionFailure(new Error("boom"))).toBe(false);

    const listener = new pg.Client({ connectionString: postgres.url });
    await listener.connect();
    const dropped: unknown[] = [];
    listener.on("error", (error) => dropped.push(error));

    await postgres.stop();
    try {
      // An open connection terminated by the shutdown (57P01, then "Connection terminated unexpectedly").
      expect(dropped.length).toBeGreaterThan(0);
      for (const error of dropped) expect(isConnectionFailure(error)).toBe(true);
      // New connections refused: pg (ECONNREFUSED), Prisma queries (P1001), raw queries (P2010 wrapping the adapter's DatabaseNotReachable).
      const refused = await failure(new pg.Client({ connectionString: postgres.url }).connect());
      expect((refused as { code?: string }).code).toBe("ECONNREFUSED");
      expect(isConnectionFailure(refused)).toBe(true);
      const query = await failure(db.user.count());
      expect((query as { code?: string }).code).toBe("P1001");
      expect(isConnectionFailure(query)).toBe(true);
      const raw = await failure(db.$queryRaw`SELECT 1`);
      expect(isConnectionFailure(raw)).toBe(true);
      const transaction = await failure(db.$transaction(async (tx) => tx.user.count()));
      expect(isConnectionFailure(transaction)).toBe(true);
    } finally {
      await postgres.start();
    }
  });
});

describe("while PostgreSQL is unreachable", () => {
  let bus: EventBus;
  let limits: Limits;
  beforeAll(() => {
    bus = createEventBus({ databaseUrl: postgres.url });
    limits = new Limits(new RateLimitStore());
  });
  afterAll(async () => {
    await limits.close();
    await bus.close();
  });

  it("a send is refused with SERVICE_UNAVAILABLE and retryAfterMs, without the driver's text", async () => {
    const user = await createUser(db);
    const stream = await createStream(db, user.id);
    const caller = createCaller(
      createContextInner({
        db,
        bus,
        limits,
        realtime: null,
        user,
        credential: null,
        viewerKey: null,
        clientIp: null,
        authSecret: TEST_AUTH_SECRET,
      }),
    );
    await postgres.stop();
    try {
      const error = await failure(caller.chat.send({ streamId: stream.id, body: "hello?" }));
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
      expect((error as TRPCError).cause).toBeInstanceOf(AppError);
      expect(((error as TRPCError).cause as AppError).details.retryAfterMs).toBe(2000);
      expect((error as TRPCError).message).not.toMatch(/reach|127\.0\.0\.1|prisma|P1001/i);
    } finally {
      await postgres.start();
    }
    expect(await db.chatMessage.count({ where: { streamId: stream.id } })).toBe(0);
  });

  it("the availability tracker logs once that the database went away and once that it came back", async () => {
    const lines: string[] = [];
    const tracker = new DatabaseAvailability(() => db.$queryRaw`SELECT 1`, {
      initialProbeDelayMs: 50,
      maxProbeDelayMs: 200,
      log: (line) => lines.push(line),
    });
    try {
      await postgres.stop();
      try {
        for (let i = 0; i < 20; i++) {
          const error = await failure(db.user.count());
          expect(tracker.reportFailure(error)).toBe(true);
        }
        expect(await tracker.check()).toBe(false);
        expect(tracker.available).toBe(false);
        await sleep(500); // several probes fail meanwhile
      } finally {
        await postgres.start();
      }
      // Back without any request: the tracker's own probe notices.
      while (!tracker.available) await sleep(20);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^\[db\] PostgreSQL is unreachable/);
      expect(lines[1]).toMatch(/^\[db\] PostgreSQL is reachable again/);
      // An ordinary error is not an outage.
      expect(tracker.reportFailure(new Error("boom"))).toBe(false);
      expect(tracker.available).toBe(true);
    } finally {
      tracker.close();
    }
  });
});
