import type { ChatSettings } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import { changedSettings, fromForm, saveProblem, settingsFormState, toForm } from "./chat-settings-form";
import { DEFAULT_CHAT_SETTINGS as OPEN_CHAT } from "../../lib/chat-modes";

const settings: ChatSettings = { ...OPEN_CHAT, registeredOnlyMinutes: 30 };

describe("toForm and fromForm", () => {
  it("shows numbers as text and nullable modes as a checkbox with minutes", () => {
    const form = toForm(settings);
    expect(form.slowModeSeconds).toBe("0");
    expect(form.followersOnly).toBe(false);
    expect(form.followersOnlyMinutes).toBe("0");
    expect(form.registeredOnly).toBe(true);
    expect(form.registeredOnlyMinutes).toBe("30");
  });

  it("offers 10 minutes for registered-only when it is off", () => {
    expect(toForm({ ...settings, registeredOnlyMinutes: null }).registeredOnlyMinutes).toBe("10");
  });

  it("reads back the same settings it was made from (shield mode has its own button)", () => {
    const { shieldMode: _shieldMode, ...editable } = settings;
    expect(fromForm(toForm(settings))).toEqual(editable);
  });

  it("reads an empty number box as 0 and a mode switched off as null, whatever its minutes say", () => {
    const form = { ...toForm(settings), slowModeSeconds: " ", registeredOnly: false, registeredOnlyMinutes: "45" };
    expect(fromForm(form)).toMatchObject({ slowModeSeconds: 0, registeredOnlyMinutes: null });
    expect(fromForm({ ...form, followersOnly: true, followersOnlyMinutes: " 15 " }).followersOnlyMinutes).toBe(15);
  });
});

describe("changedSettings", () => {
  it("is empty when nothing differs", () => {
    const { shieldMode: _shieldMode, ...editable } = settings;
    expect(changedSettings(settings, editable)).toEqual({});
  });

  it("names only the keys that differ, with their new values", () => {
    const next = fromForm({ ...toForm(settings), slowModeSeconds: "30", registeredOnly: false });
    expect(changedSettings(settings, next)).toEqual({ slowModeSeconds: 30, registeredOnlyMinutes: null });
  });
});

describe("settingsFormState", () => {
  it("follows the live settings in the fields that were not edited", () => {
    const edits = { emoteOnly: true };
    const live = { ...settings, slowModeSeconds: 60 };
    const { form, changes, dirty } = settingsFormState(live, edits);
    expect(form.slowModeSeconds).toBe("60");
    expect(form.emoteOnly).toBe(true);
    expect(changes).toEqual({ emoteOnly: true });
    expect(dirty).toBe(true);
  });

  it("is clean when the edits equal the live settings (someone else saved the same)", () => {
    const { dirty } = settingsFormState({ ...settings, emoteOnly: true }, { emoteOnly: true });
    expect(dirty).toBe(false);
  });
});

describe("saveProblem", () => {
  it("refuses to save nothing and lets any change through", () => {
    expect(saveProblem({})).toBe("Nothing to save: these are the current settings.");
    expect(saveProblem({ emoteOnly: true })).toBeNull();
  });
});
