import { randomBytes } from "node:crypto";
import { isTrackedEnvelope, TRPCError } from "@trpc/server";
import { afterAll, beforeAll } from "vitest";
import { ZodError } from "zod";
import type { ChatEvent, ModerationEvent } from "../src/events/types";
import { sessionUserSelect } from "../src/services/account/session-user";
import { callerFor, createStream, createUser, openTestEnv, unique, type TestEnv } from "./fixtures";
import { consume } from "./subscribe";
import { chatSettingsSelect } from "../src/services/stream/stream-view";

/** The moderation tests' environment (one per test file): opened by useModerationEnv's beforeAll. */
export let env: TestEnv;

/** Opens the environment before the file's tests and closes it after them. */
export function useModerationEnv(): void {
  beforeAll(() => {
    env = openTestEnv();
  });
  afterAll(async () => {
    await env.close();
  });
}

/**
 * An audit write that the database refuses, for one kind of actor only (see adminWhoseAuditFails):
 * proves each action and its audit row commit together (the action must leave no trace when its row cannot be written).
 * Call after useModerationEnv.
 */
export function refuseAuditRowsOfAuditFailsActors(): void {
  beforeAll(async () => {
    await env.db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION test_refuse_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit row refused by the test'; END; $$`);
    await env.db.$executeRawUnsafe(`
    CREATE OR REPLACE TRIGGER test_refuse_audit_row BEFORE INSERT ON moderation_logs
    FOR EACH ROW WHEN (NEW."actorId" LIKE 'auditfails%') EXECUTE FUNCTION test_refuse_audit_row()`);
  });
  afterAll(async () => {
    await env.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_refuse_audit_row ON moderation_logs`);
    await env.db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS test_refuse_audit_row()`);
  });
}

export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** A live stream with its owner, one appointed moderator and one viewer. */
export async function room() {
  const [owner, mod, viewer] = await Promise.all([createUser(env.db), createUser(env.db), createUser(env.db)]);
  const stream = await createStream(env.db, owner.id);
  await env.db.streamModerator.create({ data: { streamId: stream.id, userId: mod.id, appointedById: owner.id } });
  return { owner, mod, viewer, stream, streamId: stream.id };
}

export const as = (user: TestUser | null) => callerFor(env, user);

/** The code and the readable message a call fails with (zod's messages for bad input); fails the test if it succeeds. */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected the call to fail with a TRPCError, got ${String(error)}`);
  const message = error.cause instanceof ZodError ? error.cause.issues.map((issue) => issue.message).join("; ") : error.message;
  return { code: error.code, message };
}

export function logRows(where: { streamId?: string | null; actorId?: string; targetUserId?: string }) {
  return env.db.moderationLog.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** A user whose audit rows the database refuses (see refuseAuditRowsOfAuditFailsActors); an admin, so every procedure lets them in. */
export async function adminWhoseAuditFails(): Promise<TestUser> {
  const username = unique("auditfails_");
  const user = await env.db.user.create({
    data: { id: `auditfails${randomBytes(6).toString("hex")}`, username, email: `${username}@test.onair`, role: "ADMIN" },
    select: sessionUserSelect,
  });
  return { ...user, email: `${username}@test.onair` };
}

/** A chat.onMessage subscription through the router, its tracked events unwrapped. */
export function chatFeed(user: TestUser | null, streamId: string, lastEventId: string | null) {
  const abort = new AbortController();
  const caller = callerFor(env, user, null, abort.signal);
  const feed = consume<{ id: string; event: ChatEvent }>(
    (async function* () {
      for await (const item of await caller.chat.onMessage({ streamId, lastEventId })) {
        if (!isTrackedEnvelope(item)) throw new Error("chat.onMessage yielded an untracked event");
        yield { id: item[0], event: item[1] as ChatEvent };
      }
    })(),
  );
  return { ...feed, stop: () => abort.abort() };
}

export function moderationFeed(user: TestUser, streamId: string) {
  const abort = new AbortController();
  const caller = callerFor(env, user, null, abort.signal);
  const feed = consume<ModerationEvent>(
    (async function* () {
      yield* await caller.moderation.onEvents({ streamId });
    })(),
  );
  return { ...feed, stop: () => abort.abort() };
}

export async function settingsOf(streamId: string) {
  return env.db.liveStream.findUniqueOrThrow({
    where: { id: streamId },
    select: chatSettingsSelect,
  });
}
