import { Prisma } from "@onair/db";
import type { ChatSettings } from "../../events/types";
import { AppError } from "../../errors";
import { chatSettingsSelect } from "../stream/stream-view";
import { lockStreamRow } from "../shared/locks";
import { EDITABLE_CHAT_SETTING_KEYS } from "../shared/lists";
import { inTransaction } from "../shared/transaction";
import { loggedEvents, writeLog } from "./audit";
import type { ModerationDeps } from "./context";
import type { UpdateChatSettingsInput } from "./schemas";

type EditableSettings = Omit<ChatSettings, "shieldMode">;

/** Shield mode's strict settings: each is at least as strict as what the stream already had. */
function shieldSettings(current: EditableSettings): EditableSettings {
  return {
    ...current,
    slowModeSeconds: Math.max(current.slowModeSeconds, 30),
    uniqueChat: true,
    registeredOnlyMinutes: Math.max(current.registeredOnlyMinutes ?? 0, 24 * 60),
    profanityFilter: current.profanityFilter === "BLOCK" ? "BLOCK" : "HOLD",
  };
}

function diff(before: EditableSettings, after: EditableSettings): Partial<EditableSettings> {
  const changes: Partial<EditableSettings> = {};
  for (const key of EDITABLE_CHAT_SETTING_KEYS) if (before[key] !== after[key]) Object.assign(changes, { [key]: after[key] });
  return changes;
}

function pick(settings: ChatSettings): EditableSettings {
  return Object.fromEntries(EDITABLE_CHAT_SETTING_KEYS.map((key) => [key, settings[key]])) as EditableSettings;
}

/** Changes chat modes; viewers see the new rules at once (stream.updated). A change to the same values is a no-op. */
export async function updateChatSettings(deps: ModerationDeps, input: UpdateChatSettingsInput): Promise<ChatSettings> {
  const { actor, stream } = deps;
  const { streamId: _streamId, ...requested } = input;
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    const current = await tx.liveStream.findUniqueOrThrow({ where: { id: stream.id }, select: chatSettingsSelect });
    const before = pick(current);
    const changes = diff(before, { ...before, ...requested });
    if (Object.keys(changes).length === 0) return { result: current, events: [] };
    const settings = await tx.liveStream.update({ where: { id: stream.id }, data: changes, select: chatSettingsSelect });
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "SETTINGS_UPDATE",
      details: {
        before: Object.fromEntries(Object.keys(changes).map((key) => [key, before[key as keyof EditableSettings]])),
        after: changes,
      },
    });
    return { result: settings, events: [{ type: "stream.updated", streamId: stream.id, changes }, ...loggedEvents([entry])] };
  });
}

/**
 * Shield mode: one click turns on strict settings together (slow mode ≥ 30 s,
 * unique chat, accounts at least a day old, profanity held for review); turning
 * it off restores the settings from before.
 */
export async function setShieldMode(deps: ModerationDeps, input: { enabled: boolean }): Promise<ChatSettings> {
  const { actor, stream } = deps;
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    const current = await tx.liveStream.findUniqueOrThrow({
      where: { id: stream.id },
      select: { ...chatSettingsSelect, shieldRestore: true },
    });
    if (current.shieldMode === input.enabled)
      throw new AppError("CONFLICT", input.enabled ? "Shield mode is already on." : "Shield mode is already off.");
    const before = pick(current);
    const after = input.enabled ? shieldSettings(before) : { ...before, ...((current.shieldRestore ?? {}) as Partial<EditableSettings>) };
    const changes = diff(before, after);
    const settings = await tx.liveStream.update({
      where: { id: stream.id },
      data: { ...changes, shieldMode: input.enabled, shieldRestore: input.enabled ? before : Prisma.DbNull },
      select: chatSettingsSelect,
    });
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: input.enabled ? "SHIELD_ON" : "SHIELD_OFF",
      details: { before, after: pick(settings) },
    });
    return {
      result: settings,
      events: [
        { type: "stream.updated", streamId: stream.id, changes: { ...changes, shieldMode: input.enabled } },
        ...loggedEvents([entry]),
      ],
    };
  });
}
