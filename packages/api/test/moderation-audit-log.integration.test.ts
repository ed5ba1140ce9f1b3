import { describe, expect, it } from "vitest";
import { AppError } from "../src/errors";
import { CSV_COLUMNS } from "../src/services/moderation/audit";
import { exportModerationLog } from "../src/services/moderation/export";
import { createUser, visible } from "./fixtures";
import {
  adminWhoseAuditFails,
  as,
  env,
  failure,
  logRows,
  refuseAuditRowsOfAuditFailsActors,
  room,
  useModerationEnv,
} from "./moderation-fixtures";
import { sleep } from "./subscribe";

// The audit log: written with its action in one transaction, filtered and paged, append-only, exported as CSV and JSON.
// Real PostgreSQL (migrated per run) and the real PostgreSQL LISTEN/NOTIFY bus; nothing mocked.
useModerationEnv();
refuseAuditRowsOfAuditFailsActors();

describe("every action and its audit row commit together", () => {
  it("when the database refuses the audit row, the action changes nothing", async () => {
    const { owner, mod, viewer, streamId } = await room();
    const admin = await adminWhoseAuditFails();
    const banned = await createUser(env.db);
    const globallyBanned = await createUser(env.db);
    await as(owner).moderation.addTerm({ streamId, term: "holdme", action: "HOLD" });
    const message = visible(await as(viewer).chat.send({ streamId, body: "visible one" }));
    const held = await as(viewer).chat.send({ streamId, body: "holdme please" });
    await as(owner).moderation.ban({ streamId, userId: banned.id });
    await env.db.ban.create({ data: { kind: "BAN", streamId: null, userId: globallyBanned.id } });
    const term = (await as(owner).moderation.terms({ streamId }))[0]!;

    const snapshot = async () => ({
      stream: await env.db.liveStream.findUniqueOrThrow({ where: { id: streamId }, omit: { updatedAt: true } }),
      messages: await env.db.chatMessage.findMany({ where: { streamId }, orderBy: { id: "asc" } }),
      bans: await env.db.ban.findMany({ orderBy: { id: "asc" }, where: { userId: { in: [viewer.id, banned.id, globallyBanned.id] } } }),
      terms: await env.db.blockedTerm.findMany({ where: { streamId }, orderBy: { id: "asc" } }),
      moderators: await env.db.streamModerator.findMany({ where: { streamId }, orderBy: { userId: "asc" } }),
      roles: await env.db.user.findMany({
        where: { id: { in: [viewer.id, mod.id] } },
        select: { id: true, role: true },
        orderBy: { id: "asc" },
      }),
      log: await env.db.moderationLog.count(),
    });
    const before = await snapshot();
    const api = as(admin);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["deleteMessage", () => api.moderation.deleteMessage({ streamId, messageId: message.id })],
      ["approve", () => api.moderation.approve({ streamId, messageId: held.message.id })],
      ["deny", () => api.moderation.deny({ streamId, messageId: held.message.id })],
      ["timeout", () => api.moderation.timeout({ streamId, userId: viewer.id, durationSeconds: 60 })],
      ["ban", () => api.moderation.ban({ streamId, userId: viewer.id })],
      ["unban", () => api.moderation.unban({ streamId, userId: banned.id })],
      ["purge", () => api.moderation.purge({ streamId, userId: viewer.id })],
      ["updateSettings", () => api.moderation.updateSettings({ streamId, slowModeSeconds: 60 })],
      ["setShield", () => api.moderation.setShield({ streamId, enabled: true })],
      ["addTerm", () => api.moderation.addTerm({ streamId, term: "another", action: "BLOCK" })],
      ["removeTerm", () => api.moderation.removeTerm({ streamId, termId: term.id })],
      ["addModerator", () => api.moderation.addModerator({ streamId, username: viewer.username })],
      ["removeModerator", () => api.moderation.removeModerator({ streamId, userId: mod.id })],
      ["admin.setRole", () => api.admin.setRole({ userId: viewer.id, role: "MODERATOR" })],
      ["admin.ban", () => api.admin.ban({ userId: viewer.id })],
      ["admin.unban", () => api.admin.unban({ userId: globallyBanned.id })],
    ];
    for (const [name, attempt] of attempts) {
      expect((await failure(attempt())).code, name).toBe("INTERNAL_SERVER_ERROR");
      expect(await snapshot(), `${name} left a change without its audit row`).toEqual(before);
    }
  });
});

describe("the audit log", () => {
  it("moderation.log filters by action, actor, target, automatic and time, and pages newest first", async () => {
    const { owner, mod, streamId } = await room();
    const [alice, bob] = await Promise.all([createUser(env.db), createUser(env.db)]);
    const other = await room();
    await as(other.mod).moderation.ban({ streamId: other.streamId, userId: alice.id }); // another stream's entry

    await as(mod).moderation.addTerm({ streamId, term: "hold this", action: "HOLD" }); // TERM_ADD by mod
    await as(alice).chat.send({ streamId, body: "please hold this" }); // MESSAGE_HOLD, automatic
    await sleep(30);
    const t1 = new Date();
    await sleep(30);
    await as(mod).moderation.ban({ streamId, userId: alice.id, reason: "spam" }); // USER_BAN by mod
    await as(owner).moderation.timeout({ streamId, userId: bob.id, durationSeconds: 60 }); // USER_TIMEOUT by owner
    await sleep(30);
    const t2 = new Date();
    await sleep(30);
    await as(owner).moderation.updateSettings({ streamId, emoteOnly: true }); // SETTINGS_UPDATE by owner

    const log = (filter: Omit<Parameters<ReturnType<typeof as>["moderation"]["log"]>[0], "streamId"> = {}) =>
      as(mod)
        .moderation.log({ streamId, ...filter })
        .then((page) => page.entries.map((entry) => entry.action));

    expect(await log()).toEqual(["SETTINGS_UPDATE", "USER_TIMEOUT", "USER_BAN", "MESSAGE_HOLD", "TERM_ADD"]);
    expect(await log({ actions: ["USER_BAN", "USER_TIMEOUT"] })).toEqual(["USER_TIMEOUT", "USER_BAN"]);
    expect(await log({ automatic: true })).toEqual(["MESSAGE_HOLD"]);
    expect(await log({ automatic: false })).toEqual(["SETTINGS_UPDATE", "USER_TIMEOUT", "USER_BAN", "TERM_ADD"]);
    expect(await log({ actorId: mod.id })).toEqual(["USER_BAN", "TERM_ADD"]);
    // Filters combine: one person's actions are never automatic ones.
    expect(await log({ actorId: mod.id, automatic: false })).toEqual(["USER_BAN", "TERM_ADD"]);
    expect(await log({ actorId: mod.id, automatic: true })).toEqual([]);
    expect(await log({ targetUserId: alice.id })).toEqual(["USER_BAN", "MESSAGE_HOLD"]);
    expect(await log({ targetUserId: alice.id, actions: ["USER_BAN"], actorId: owner.id })).toEqual([]);
    expect(await log({ from: t1 })).toEqual(["SETTINGS_UPDATE", "USER_TIMEOUT", "USER_BAN"]);
    expect(await log({ to: t1 })).toEqual(["MESSAGE_HOLD", "TERM_ADD"]);
    expect(await log({ from: t1, to: t2 })).toEqual(["USER_TIMEOUT", "USER_BAN"]);

    const ban = (await as(mod).moderation.log({ streamId, actions: ["USER_BAN"] })).entries[0]!;
    expect(ban).toMatchObject({
      streamId,
      action: "USER_BAN",
      reason: "spam",
      targetMessageId: null,
      details: { scope: "stream" },
      actor: { id: mod.id, username: mod.username },
      targetUser: { id: alice.id, username: alice.username },
    });

    // Paging: two at a time, every entry once, newest first.
    const all = (await as(mod).moderation.log({ streamId })).entries.map((entry) => entry.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { entries: Array<{ id: string }>; nextCursor: string | null } = await as(mod).moderation.log({
        streamId,
        limit: 2,
        cursor,
      });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      paged.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(paged).toEqual(all);

    expect(await failure(as(mod).moderation.log({ streamId, limit: 101 }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("admin.log includes every stream's entries and the global ones; moderation.log only its stream's", async () => {
    const admin = await createUser(env.db, { role: "ADMIN" });
    const { mod, viewer, streamId } = await room();
    const other = await room();
    await as(mod).moderation.ban({ streamId, userId: viewer.id });
    await as(other.mod).moderation.ban({ streamId: other.streamId, userId: viewer.id });
    await as(admin).admin.ban({ userId: viewer.id, reason: "everywhere" });
    await as(admin).admin.setRole({ userId: viewer.id, role: "MODERATOR" });

    const everything = await as(admin).admin.log({ targetUserId: viewer.id });
    expect(everything.entries.map((entry) => [entry.streamId, entry.action])).toEqual([
      [null, "ROLE_CHANGE"],
      [null, "USER_BAN"],
      [other.streamId, "USER_BAN"],
      [streamId, "USER_BAN"],
    ]);
    expect((await as(admin).admin.log({ streamId, targetUserId: viewer.id })).entries.map((entry) => entry.streamId)).toEqual([streamId]);
    expect((await as(mod).moderation.log({ streamId, targetUserId: viewer.id })).entries.map((entry) => entry.streamId)).toEqual([
      streamId,
    ]);
  });

  it("refuses UPDATE and DELETE of its rows; deleting a referenced user clears the reference and keeps the row", async () => {
    const { mod, viewer, streamId } = await room();
    const message = visible(await as(viewer).chat.send({ streamId, body: "bye" }));
    await as(mod).moderation.deleteMessage({ streamId, messageId: message.id, reason: "rude" });
    const [row] = await logRows({ streamId });
    expect(row).toBeDefined();

    await expect(env.db.$executeRawUnsafe(`UPDATE moderation_logs SET reason = 'edited' WHERE id = $1`, row!.id)).rejects.toThrow(
      /append-only/,
    );
    await expect(env.db.$executeRawUnsafe(`UPDATE moderation_logs SET "actorId" = $2 WHERE id = $1`, row!.id, viewer.id)).rejects.toThrow(
      /append-only/,
    );
    await expect(env.db.$executeRawUnsafe(`DELETE FROM moderation_logs WHERE id = $1`, row!.id)).rejects.toThrow(/append-only/);
    expect(await env.db.moderationLog.findUniqueOrThrow({ where: { id: row!.id } })).toEqual(row);

    // Deleting the moderator (actor) and the viewer (target; their message goes with them) keeps the entry.
    await env.db.user.delete({ where: { id: mod.id } });
    await env.db.user.delete({ where: { id: viewer.id } });
    expect(await env.db.moderationLog.findUniqueOrThrow({ where: { id: row!.id } })).toEqual({
      ...row,
      actorId: null,
      targetUserId: null,
      targetMessageId: null,
    });
  });
});

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with "" for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === "") {
      quoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 1;
    } else {
      field += char;
    }
  }
  if (field !== "" || record.length > 0) throw new Error("CSV does not end with CRLF");
  return records;
}

describe("exportModerationLog", () => {
  const reasons = [
    '=HYPERLINK("http://evil.example","click")',
    "+1 for spam",
    "-2 strikes",
    "@SUM(A1:A2)",
    'said "hi", then left\r\nand came back',
    "plain",
  ];

  async function streamWithTrickyReasons() {
    const { mod, streamId } = await room();
    const targets = await Promise.all(reasons.map(() => createUser(env.db)));
    for (const [i, target] of targets.entries()) {
      await as(mod).moderation.ban({ streamId, userId: target.id, reason: reasons[i] });
    }
    return { mod, streamId };
  }

  it("CSV: a header, one row per entry oldest first, RFC 4180 quoting, formulas neutralised", async () => {
    const { mod, streamId } = await streamWithTrickyReasons();
    const exported = exportModerationLog(env.db, streamId, new URLSearchParams({ format: "csv" }));
    expect(exported.contentType).toBe("text/csv; charset=utf-8");
    expect(exported.filename).toBe(`moderation-log-${streamId}.csv`);
    const text = await new Response(exported.body).text();
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const entries = (await as(mod).moderation.log({ streamId })).entries.reverse();
    expect(rows).toHaveLength(reasons.length);
    expect(rows.map((row) => row[0])).toEqual(entries.map((entry) => entry.id));
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows.map((row) => row[column("reason")])).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      "'+1 for spam",
      "'-2 strikes",
      "'@SUM(A1:A2)",
      'said "hi", then left\r\nand came back',
      "plain",
    ]);
    for (const row of rows) {
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[column("action")]).toBe("USER_BAN");
      expect(row[column("actor")]).toBe(mod.username);
      expect(JSON.parse(row[column("details")]!)).toEqual({ scope: "stream" });
    }
    // No cell a spreadsheet would evaluate.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("JSON parses to the entries, oldest first; filters apply", async () => {
    const { mod, streamId } = await streamWithTrickyReasons();
    await as(mod).moderation.updateSettings({ streamId, slowModeSeconds: 5 });
    const exported = exportModerationLog(env.db, streamId, new URLSearchParams({ format: "json" }));
    expect(exported.contentType).toBe("application/json; charset=utf-8");
    const parsed = JSON.parse(await new Response(exported.body).text()) as Array<Record<string, unknown>>;
    const entries = (await as(mod).moderation.log({ streamId })).entries.reverse();
    expect(parsed).toEqual(JSON.parse(JSON.stringify(entries)));
    expect(parsed.map((entry) => entry.reason)).toEqual([...reasons, null]);

    const params = new URLSearchParams({ format: "json", action: "SETTINGS_UPDATE" });
    const filtered = JSON.parse(await new Response(exportModerationLog(env.db, streamId, params).body).text()) as Array<{ action: string }>;
    expect(filtered.map((entry) => entry.action)).toEqual(["SETTINGS_UPDATE"]);
    const empty = await new Response(exportModerationLog(env.db, "no-such-stream", new URLSearchParams({ format: "json" })).body).text();
    expect(JSON.parse(empty)).toEqual([]);
  });

  it.each([
    [{ format: "xlsx" }, "format must be csv or json."],
    [{ format: "csv", action: "DROP_TABLE" }, "action must be a moderation action such as USER_BAN."],
    [{ format: "csv", from: "yesterday" }, "from must be a date (ISO 8601)."],
  ])("bad parameters %j → BAD_REQUEST", (params, message) => {
    let thrown: unknown = null;
    try {
      exportModerationLog(env.db, "any-stream", new URLSearchParams(params));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: "BAD_REQUEST", message });
  });
});
