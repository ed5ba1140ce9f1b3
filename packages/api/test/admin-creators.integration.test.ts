import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { withStreamCreationPolicy } from "./studio-fixtures";

let env: TestEnv;
beforeAll(() => {
  env = openTestEnv();
});
afterAll(() => env.close());

describe("who may create streams", () => {
  it("switches the site's policy with one audit entry per change", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const api = callerFor(env, admin);
    // The policy is one row for the whole test database: this test takes its turn with the others that set it.
    await withStreamCreationPolicy(env.db, "EVERYONE", async () => {
      expect(await api.admin.settings()).toMatchObject({ streamCreation: "EVERYONE" });
      expect(await api.admin.setStreamCreation({ policy: "CREATORS" })).toEqual({ streamCreation: "CREATORS" });
      expect(await api.admin.settings()).toMatchObject({ streamCreation: "CREATORS" });
      // Setting what is already set changes nothing and records nothing.
      expect(await api.admin.setStreamCreation({ policy: "CREATORS" })).toEqual({ streamCreation: "CREATORS" });
      await api.admin.setStreamCreation({ policy: "EVERYONE" });
    });
    const entries = await env.db.moderationLog.findMany({
      where: { actorId: admin.id, action: "SITE_SETTINGS_UPDATE" },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((entry) => [entry.streamId, entry.details])).toEqual([
      [null, { before: { streamCreation: "EVERYONE" }, after: { streamCreation: "CREATORS" } }],
      [null, { before: { streamCreation: "CREATORS" }, after: { streamCreation: "EVERYONE" } }],
    ]);
    expect(await codeOf(api.admin.setStreamCreation({ policy: "NOBODY" as "EVERYONE" }))).toBe("BAD_REQUEST");
  });

  it("grants and revokes creator idempotently, with CREATOR_GRANT and CREATOR_REVOKE entries", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const user = await createUser(env.db);
    const api = callerFor(env, admin);

    expect(await api.admin.setCreator({ userId: user.id, canCreate: true })).toEqual({
      id: user.id,
      username: user.username,
      canCreateStreams: true,
    });
    await api.admin.setCreator({ userId: user.id, canCreate: true });
    const listed = await api.admin.users({ query: user.username });
    expect(listed.users.map((row) => [row.id, row.canCreateStreams])).toEqual([[user.id, true]]);

    await api.admin.setCreator({ userId: user.id, canCreate: false });
    await api.admin.setCreator({ userId: user.id, canCreate: false });
    expect((await env.db.user.findUniqueOrThrow({ where: { id: user.id } })).canCreateStreams).toBe(false);

    const entries = await env.db.moderationLog.findMany({ where: { targetUserId: user.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((entry) => [entry.action, entry.actorId, entry.streamId])).toEqual([
      ["CREATOR_GRANT", admin.id, null],
      ["CREATOR_REVOKE", admin.id, null],
    ]);
  });

  it("refuses an unknown user", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    await expect(callerFor(env, admin).admin.setCreator({ userId: "no-such-user", canCreate: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "No user with that id.",
    });
  });

  it("lists only creators when asked", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const [creator, viewer] = await Promise.all([createUser(env.db), createUser(env.db)]);
    const api = callerFor(env, admin);
    await api.admin.setCreator({ userId: creator.id, canCreate: true });
    const creators = await api.admin.users({ creators: true, limit: 100 });
    const ids = creators.users.map((row) => row.id);
    expect(ids).toContain(creator.id);
    expect(ids).not.toContain(viewer.id);
    expect(creators.users.every((row) => row.canCreateStreams)).toBe(true);
  });
});
