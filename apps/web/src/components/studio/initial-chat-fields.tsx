"use client";

import type { FilterMode } from "@onair/db";
import { FILTER_MODES, type SettingsForm } from "../mod/chat-settings-form";
import { StudioField } from "./studio-field";

/** The chat settings a new stream starts with (later changes go through the moderation settings). */
export function InitialChatFields({
  form,
  onChange,
  error,
}: {
  form: SettingsForm;
  onChange: (form: SettingsForm) => void;
  error?: string;
}) {
  function edit<K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) {
    onChange({ ...form, [key]: value });
  }
  return (
    <fieldset className="studio-fieldset" data-field="chat">
      <legend>Chat</legend>
      <label className="studio-check">
        <input type="checkbox" checked={form.chatEnabled} onChange={(event) => edit("chatEnabled", event.target.checked)} />
        <span>Chat on</span>
      </label>
      <StudioField name="slowMode" label="Slow mode (seconds between one person's messages; 0 = off, up to 120)">
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={0}
            max={120}
            value={form.slowModeSeconds}
            onChange={(event) => edit("slowModeSeconds", event.target.value)}
          />
        )}
      </StudioField>
      <div className="studio-check-with-number">
        <label className="studio-check">
          <input type="checkbox" checked={form.followersOnly} onChange={(event) => edit("followersOnly", event.target.checked)} />
          <span>Followers-only</span>
        </label>
        <StudioField name="followersOnlyMinutes" label="following for at least (minutes)">
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={0}
              value={form.followersOnlyMinutes}
              disabled={!form.followersOnly}
              onChange={(event) => edit("followersOnlyMinutes", event.target.value)}
            />
          )}
        </StudioField>
      </div>
      <label className="studio-check">
        <input type="checkbox" checked={form.emoteOnly} onChange={(event) => edit("emoteOnly", event.target.checked)} />
        <span>Emote-only</span>
      </label>
      <StudioField name="profanityFilter" label="Profanity filter">
        {(control) => (
          <select {...control} value={form.profanityFilter} onChange={(event) => edit("profanityFilter", event.target.value as FilterMode)}>
            {FILTER_MODES.map((mode) => (
              <option key={mode.value} value={mode.value}>
                {mode.label}
              </option>
            ))}
          </select>
        )}
      </StudioField>
      {error ? (
        <p className="form-error" data-testid="error-chat">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
