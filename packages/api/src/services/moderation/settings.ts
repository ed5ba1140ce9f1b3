import { Prisma } from "@onair/db";
import { publishCommitted } from "../../events/bus";
import type { ChatSettings } from "../../events/types";
import { AppError } from "../../errors";
import { chatSettingsSelect } from "../stream/stream-view";
import { publishLogged, writeLog } from "./audit";
import type { ModerationDeps } from "./context";
import type { UpdateChatSettingsInput } from "./schemas";

type EditableSettings = Omit<ChatSettings, "shieldMode">;
const EDITABLE = ["chatEnabled", "slowModeSeconds", "emoteOnly", "uniqueChat", "followersOnlyMinutes", "registeredOnlyMinutes", "profanityFilter"] as const;

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
  for (const key of EDITABLE) if (before[key] !== after[key]) Object.assign(changes, { [key]: after[key] });
  return changes;
}

function pick(settings: ChatSettings): EditableSettings {
  return Object.fromEntries(EDITABLE.map((key) => [key, settings[key]])) as EditableSettings;
}

/** Changes chat modes; viewers see the new rules at once (stream.updated). A change to the same values is a no-op. */
export async function updateChatSettings(deps: ModerationDeps, input: UpdateChatSettingsInput): Promise<ChatSettings> {
  const { db, bus, actor, stream } = deps;
  const { streamId: _streamId, ...requested } = input;
  const result = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM live_streams WHERE id = ${stream.id} FOR UPDATE`;
    const current = await tx.liveStream.findUniqueOrThrow({ where: { id: stream.id }, select: chatSettingsSelect });
    const before = pick(current);
    const changes = diff(before, { ...before, ...requested });
    if (Object.keys(changes).length === 0) return { settings: current, changes, entry: null };
    const settings = await tx.liveStream.update({ where: { id: stream.id }, data: changes, select: chatSettingsSelect });
    const entry = await writeLog(tx, {
      streamId: stream.id, actorId: actor.id, action: "SETTINGS_UPDATE",
      details: { before: Object.fromEntries(Object.keys(changes).map((key) => [key, before[key as keyof EditableSettings]])), after: changes },
    });
    return { settings, changes, entry };
  });
  if (result.entry) {
    await publishCommitted(bus, { type: "stream.updated", streamId: stream.id, changes: result.changes });
    await publishLogged(bus, [result.entry]);
  }
  return result.settings;
}

/**
 * Shield mode: one click turns on strict settings together (slow mode ≥ 30 s,
 * unique chat, accounts at least a day old, profanity held for review); turning
 * it off restores the settings from before.
 */
export async function setShieldMode(deps: ModerationDeps, input: { enabled: boolean }): Promise<ChatSettings> {
  const { db, bus, actor, stream } = deps;
  const result = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM live_streams WHERE id = ${stream.id} FOR UPDATE`;
    const current = await tx.liveStream.findUniqueOrThrow({ where: { id: stream.id }, select: { ...chatSettingsSelect, shieldRestore: true } });
    if (current.shieldMode === input.enabled) throw new AppError("CONFLICT", input.enabled ? "Shield mode is already on." : "Shield mode is already off.");
    const before = pick(current);
    const after = input.enabled ? shieldSettings(before) : { ...before, ...((current.shieldRestore ?? {}) as Partial<EditableSettings>) };
    const changes = diff(before, after);
    const settings = await tx.liveStream.update({
      where: { id: stream.id },
      data: { ...changes, shieldMode: input.enabled, shieldRestore: input.enabled ? before : Prisma.DbNull },
      select: chatSettingsSelect,
    });
    const entry = await writeLog(tx, {
      streamId: stream.id, actorId: actor.id, action: input.enabled ? "SHIELD_ON" : "SHIELD_OFF",
      details: { before, after: pick(settings) },
    });
    return { settings, changes: { ...changes, shieldMode: input.enabled }, entry };
  });
  await publishCommitted(bus, { type: "stream.updated", streamId: stream.id, changes: result.changes });
  await publishLogged(bus, [result.entry]);
  return result.settings;
}
