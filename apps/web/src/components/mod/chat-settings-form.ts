import type { ChatSettings } from "@onair/api/events";
import type { FilterMode } from "@onair/db";
import type { EditableChatSettings } from "./types";

/** The form's view of the settings: numbers as typed, nullable modes as a checkbox plus minutes. */
export interface SettingsForm {
  chatEnabled: boolean;
  slowModeSeconds: string;
  emoteOnly: boolean;
  uniqueChat: boolean;
  followersOnly: boolean;
  followersOnlyMinutes: string;
  registeredOnly: boolean;
  registeredOnlyMinutes: string;
  profanityFilter: FilterMode;
}

export const FILTER_MODES: Array<{ value: FilterMode; label: string }> = [
  { value: "OFF", label: "Off" },
  { value: "MASK", label: "Mask (star out words)" },
  { value: "HOLD", label: "Hold for review" },
  { value: "BLOCK", label: "Block the message" },
];

/** The form for these settings; a mode that is off offers a sensible number for when it is switched on. */
export function toForm(settings: ChatSettings): SettingsForm {
  return {
    chatEnabled: settings.chatEnabled,
    slowModeSeconds: String(settings.slowModeSeconds),
    emoteOnly: settings.emoteOnly,
    uniqueChat: settings.uniqueChat,
    followersOnly: settings.followersOnlyMinutes !== null,
    followersOnlyMinutes: String(settings.followersOnlyMinutes ?? 0),
    registeredOnly: settings.registeredOnlyMinutes !== null,
    registeredOnlyMinutes: String(settings.registeredOnlyMinutes ?? 10),
    profanityFilter: settings.profanityFilter,
  };
}

/** A typed number; an empty box is 0 (anything else that is not a number stays NaN, which the server refuses with its own sentence). */
function typedNumber(text: string): number {
  return Number(text.trim() || "0");
}

/** The settings the form describes. */
export function fromForm(form: SettingsForm): EditableChatSettings {
  return {
    chatEnabled: form.chatEnabled,
    slowModeSeconds: typedNumber(form.slowModeSeconds),
    emoteOnly: form.emoteOnly,
    uniqueChat: form.uniqueChat,
    followersOnlyMinutes: form.followersOnly ? typedNumber(form.followersOnlyMinutes) : null,
    registeredOnlyMinutes: form.registeredOnly ? typedNumber(form.registeredOnlyMinutes) : null,
    profanityFilter: form.profanityFilter,
  };
}

/** Only the settings that differ from the current ones: what a save sends. */
export function changedSettings(current: ChatSettings, next: EditableChatSettings): Partial<EditableChatSettings> {
  const changes: Partial<EditableChatSettings> = {};
  for (const key of Object.keys(next) as Array<keyof EditableChatSettings>) {
    if (next[key] !== current[key]) Object.assign(changes, { [key]: next[key] });
  }
  return changes;
}

/**
 * What the form shows and would save: the live settings, overridden by the fields the moderator edited.
 * Untouched fields follow the live settings (another moderator's change or Shield mode shows at once).
 */
export function settingsFormState(settings: ChatSettings, edits: Partial<SettingsForm>) {
  const form: SettingsForm = { ...toForm(settings), ...edits };
  const changes = changedSettings(settings, fromForm(form));
  return { form, changes, dirty: Object.keys(changes).length > 0 };
}

/** Why a save cannot be sent, or null when it can. */
export function saveProblem(changes: Partial<EditableChatSettings>): string | null {
  return Object.keys(changes).length === 0 ? "Nothing to save: these are the current settings." : null;
}
