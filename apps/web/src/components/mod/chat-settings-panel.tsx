"use client";

import type { ChatSettings } from "@onair/api/events";
import type { FilterMode } from "@onair/db";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/lib/trpc";
import { FILTER_MODES, saveProblem, settingsFormState, type SettingsForm } from "./chat-settings-form";
import { Field } from "../ui/field";
import { ShieldIcon } from "./shield-icon";
import { ErrorLine } from "../ui/error-line";
import type { TabPanelProps } from "../ui/tabs";

interface ChatSettingsPanelProps {
  /** The tab-panel attributes when the section is one of the dashboard's tabs. */
  tabPanel?: TabPanelProps;
  streamId: string;
  /** The stream's current settings, kept live by the dashboard. */
  settings: ChatSettings;
  onSaved: (settings: ChatSettings) => void;
}

/**
 * Chat modes. Fields the moderator has not touched follow the live settings
 * (another moderator's change or Shield mode shows at once); touched fields keep
 * what was typed until it is saved or discarded, also when saving fails.
 */
export function ChatSettingsPanel({ streamId, settings, onSaved, tabPanel }: ChatSettingsPanelProps) {
  const trpc = useTRPC();
  const [edits, setEdits] = useState<Partial<SettingsForm>>({});
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const updateSettings = useMutation(
    trpc.moderation.updateSettings.mutationOptions({
      onSuccess: (result) => {
        onSaved(result);
        setEdits({});
        setSaved(true);
      },
    }),
  );
  const { form, changes, dirty } = settingsFormState(settings, edits);

  function edit<K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) {
    setSaved(false);
    setEdits((current) => ({ ...current, [key]: value }));
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const cannotSave = saveProblem(changes);
    setProblem(cannotSave);
    if (cannotSave) return;
    updateSettings.mutate({ streamId, ...changes });
  }

  function discard() {
    setEdits({});
    setProblem(null);
    updateSettings.reset();
  }

  return (
    <section className="mod-panel mod-panel-modes" data-panel="modes" aria-labelledby="mod-modes-heading" {...tabPanel}>
      <div className="mod-panel-header">
        <h2 id="mod-modes-heading">Chat modes</h2>
        {settings.shieldMode ? (
          <span className="badge mod-badge-shield">
            <ShieldIcon /> SHIELD ON
          </span>
        ) : null}
      </div>
      <form className="mod-settings" noValidate onSubmit={save} data-testid="chat-settings">
        <label className="mod-check">
          <input type="checkbox" checked={form.chatEnabled} onChange={(event) => edit("chatEnabled", event.target.checked)} />
          <span>
            Chat on <span className="muted">— off closes chat for everyone but moderators</span>
          </span>
        </label>
        <Field label="Slow mode (seconds between one person's messages; 0 = off, up to 120)">
          {(id) => (
            <input
              id={id}
              type="number"
              inputMode="numeric"
              min={0}
              max={120}
              value={form.slowModeSeconds}
              onChange={(event) => edit("slowModeSeconds", event.target.value)}
            />
          )}
        </Field>
        <label className="mod-check">
          <input type="checkbox" checked={form.emoteOnly} onChange={(event) => edit("emoteOnly", event.target.checked)} />
          <span>Emote-only</span>
        </label>
        <label className="mod-check">
          <input type="checkbox" checked={form.uniqueChat} onChange={(event) => edit("uniqueChat", event.target.checked)} />
          <span>
            Unique chat <span className="muted">— no repeating the same message</span>
          </span>
        </label>
        <ModeMinutes
          mode="Followers-only"
          minutesLabel="following for at least (minutes)"
          on={form.followersOnly}
          minutes={form.followersOnlyMinutes}
          onToggle={(on) => edit("followersOnly", on)}
          onMinutes={(minutes) => edit("followersOnlyMinutes", minutes)}
        />
        <ModeMinutes
          mode="Registered-only"
          minutesLabel="account at least (minutes) old"
          on={form.registeredOnly}
          minutes={form.registeredOnlyMinutes}
          onToggle={(on) => edit("registeredOnly", on)}
          onMinutes={(minutes) => edit("registeredOnlyMinutes", minutes)}
        />
        <Field label="Profanity filter">
          {(id) => (
            <select id={id} value={form.profanityFilter} onChange={(event) => edit("profanityFilter", event.target.value as FilterMode)}>
              {FILTER_MODES.map((mode) => (
                <option key={mode.value} value={mode.value}>
                  {mode.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="mod-form-actions">
          <button type="submit" className="button" disabled={updateSettings.isPending || !dirty}>
            {updateSettings.isPending ? "Saving…" : "Save chat modes"}
          </button>
          {dirty ? (
            <button type="button" className="link-button" onClick={discard}>
              Discard changes
            </button>
          ) : null}
          {dirty ? (
            <span className="muted">Unsaved changes</span>
          ) : saved ? (
            <span className="mod-outcome" role="status">
              Saved.
            </span>
          ) : null}
        </div>
        <ErrorLine error={problem ?? updateSettings.error} />
      </form>
    </section>
  );
}

/** A mode that is off or on with a number of minutes (followers-only, registered-only). */
function ModeMinutes(props: {
  mode: string;
  minutesLabel: string;
  on: boolean;
  minutes: string;
  onToggle: (on: boolean) => void;
  onMinutes: (minutes: string) => void;
}) {
  return (
    <div className="mod-field-pair">
      <label className="mod-check">
        <input type="checkbox" checked={props.on} onChange={(event) => props.onToggle(event.target.checked)} />
        <span>{props.mode}</span>
      </label>
      <Field label={props.minutesLabel} className="mod-field-inline">
        {(id) => (
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={0}
            value={props.minutes}
            disabled={!props.on}
            onChange={(event) => props.onMinutes(event.target.value)}
          />
        )}
      </Field>
    </div>
  );
}
