import { describe, expect, it } from "vitest";
import { as, failure, logRows, room, settingsOf, useModerationEnv } from "./moderation-fixtures";

// Chat settings and shield mode.
// Real PostgreSQL (migrated per run) and the real PostgreSQL LISTEN/NOTIFY bus; nothing mocked.
useModerationEnv();

describe("chat settings and shield mode", () => {
  it("updateSettings logs before and after of what changed; the same values again change nothing", async () => {
    const { mod, viewer, streamId } = await room();
    const settings = await as(mod).moderation.updateSettings({ streamId, slowModeSeconds: 10, emoteOnly: true, uniqueChat: false });
    expect(settings).toMatchObject({ slowModeSeconds: 10, emoteOnly: true, uniqueChat: false });
    expect(await failure(as(viewer).chat.send({ streamId, body: "words" }))).toEqual({
      code: "BAD_REQUEST",
      message: "Emote-only mode: send only emoji.",
    });

    const rows = await logRows({ streamId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "SETTINGS_UPDATE",
      actorId: mod.id,
      targetUserId: null,
      details: { before: { slowModeSeconds: 0, emoteOnly: false }, after: { slowModeSeconds: 10, emoteOnly: true } },
    });

    await as(mod).moderation.updateSettings({ streamId, slowModeSeconds: 10 });
    expect(await logRows({ streamId })).toHaveLength(1);
  });

  it("shield on applies strict settings together; off restores the previous settings; each logs one row", async () => {
    const { mod, owner, streamId } = await room();
    await as(owner).moderation.updateSettings({ streamId, slowModeSeconds: 5, followersOnlyMinutes: 10, profanityFilter: "MASK" });
    const previous = await settingsOf(streamId);

    const on = await as(mod).moderation.setShield({ streamId, enabled: true });
    expect(on).toEqual({
      ...previous,
      slowModeSeconds: 30,
      uniqueChat: true,
      registeredOnlyMinutes: 24 * 60,
      profanityFilter: "HOLD",
      shieldMode: true,
    });
    expect(await failure(as(mod).moderation.setShield({ streamId, enabled: true }))).toEqual({
      code: "CONFLICT",
      message: "Shield mode is already on.",
    });

    const off = await as(owner).moderation.setShield({ streamId, enabled: false });
    expect(off).toEqual(previous);
    expect(await settingsOf(streamId)).toEqual(previous);
    expect(await failure(as(mod).moderation.setShield({ streamId, enabled: false }))).toEqual({
      code: "CONFLICT",
      message: "Shield mode is already off.",
    });

    const rows = (await logRows({ streamId })).filter((row) => row.action.startsWith("SHIELD"));
    const { shieldMode: _shield, ...editable } = previous;
    expect(rows.map((row) => [row.action, row.actorId, row.details])).toEqual([
      [
        "SHIELD_ON",
        mod.id,
        {
          before: editable,
          after: { ...editable, slowModeSeconds: 30, uniqueChat: true, registeredOnlyMinutes: 1440, profanityFilter: "HOLD" },
        },
      ],
      [
        "SHIELD_OFF",
        owner.id,
        {
          before: { ...editable, slowModeSeconds: 30, uniqueChat: true, registeredOnlyMinutes: 1440, profanityFilter: "HOLD" },
          after: editable,
        },
      ],
    ]);
  });
});
