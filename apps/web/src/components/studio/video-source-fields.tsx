"use client";

import type { StreamFormErrors, StreamFormValues } from "./stream-form";
import { StudioField } from "./studio-field";
import type { SourceAvailability, VideoProvider } from "./types";

const SOURCES: Array<{ provider: VideoProvider; label: string; description: string }> = [
  {
    provider: "INGEST",
    label: "OnAir ingest (OBS, ffmpeg)",
    description: "Stream to this server over RTMP with your own stream key. No third-party account.",
  },
  { provider: "YOUTUBE", label: "YouTube", description: "Show a YouTube video or live stream." },
  { provider: "HLS", label: "HLS URL", description: "Play any .m3u8 playlist, for example from your own media server or CDN." },
  {
    provider: "AGORA",
    label: "Agora (browser camera)",
    description: "Broadcast your camera and microphone from this browser through Agora.",
  },
];

interface VideoSourceFieldsProps {
  values: StreamFormValues;
  errors: StreamFormErrors;
  sources: Record<VideoProvider, SourceAvailability>;
  /** The stream went live: its source is fixed (an HLS replay address can still change). */
  locked: boolean;
  onChange: (changes: Partial<StreamFormValues>) => void;
}

/** Where the video comes from: one choice, then that source's own fields. */
export function VideoSourceFields({ values, errors, sources, locked, onChange }: VideoSourceFieldsProps) {
  return (
    <fieldset className="studio-fieldset" data-field="provider">
      <legend>Video source</legend>
      {locked ? <p className="muted studio-hint">The source can change only while the stream is scheduled.</p> : null}
      <div className="studio-sources">
        {SOURCES.map((source) => {
          const availability = sources[source.provider];
          const disabled = locked || !availability.available;
          const inputId = `studio-source-${source.provider.toLowerCase()}`;
          return (
            // The label stretches over the whole card (CSS), so a click anywhere on it picks the source.
            <div
              key={source.provider}
              className={`studio-source${values.provider === source.provider ? " studio-source-on" : ""}${disabled ? " studio-source-off" : ""}`}
            >
              <input
                id={inputId}
                type="radio"
                name="video-provider"
                value={source.provider}
                checked={values.provider === source.provider}
                disabled={disabled}
                aria-describedby={`${inputId}-about`}
                onChange={() => onChange({ provider: source.provider })}
              />
              <span>
                <label htmlFor={inputId} className="studio-source-label">
                  {source.label}
                </label>
                <span id={`${inputId}-about`} className="muted studio-source-description">
                  {availability.available ? source.description : (availability.reason ?? "Not available on this server.")}
                </span>
              </span>
            </div>
          );
        })}
      </div>
      {errors.provider ? (
        <p className="form-error" data-testid="error-provider">
          {errors.provider}
        </p>
      ) : null}

      {values.provider === "YOUTUBE" ? (
        <UrlField
          name="youtubeSource"
          label="YouTube video URL or id"
          error={errors.youtubeSource}
          hint="For example https://www.youtube.com/watch?v=dQw4w9WgXcQ"
          // A bare video id is accepted too, so not type="url".
          type="text"
          disabled={locked}
          value={values.youtubeSource}
          onChange={(youtubeSource) => onChange({ youtubeSource })}
        />
      ) : null}

      {values.provider === "HLS" ? (
        <>
          <UrlField
            name="hlsUrl"
            label="HLS playlist URL (.m3u8)"
            error={errors.hlsUrl}
            disabled={locked}
            value={values.hlsUrl}
            onChange={(hlsUrl) => onChange({ hlsUrl })}
          />
          <UrlField
            name="hlsReplayUrl"
            label="Replay URL (optional)"
            error={errors.hlsReplayUrl}
            hint="A recording viewers can watch after the stream has ended."
            value={values.hlsReplayUrl}
            onChange={(hlsReplayUrl) => onChange({ hlsReplayUrl })}
          />
        </>
      ) : null}

      {values.provider === "INGEST" && !locked ? (
        <label className="studio-check">
          <input type="checkbox" checked={values.autoGoLive} onChange={(event) => onChange({ autoGoLive: event.target.checked })} />
          <span>
            Go live automatically when my encoder connects <span className="muted">— otherwise you watch a preview and press Go live</span>
          </span>
        </label>
      ) : null}
    </fieldset>
  );
}

/** One address field of a source (no autocomplete or spell check: these are URLs). */
function UrlField(props: {
  name: string;
  label: string;
  error: string | undefined;
  hint?: string;
  type?: "url" | "text";
  disabled?: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <StudioField name={props.name} label={props.label} error={props.error} hint={props.hint}>
      {(control) => (
        <input
          {...control}
          type={props.type ?? "url"}
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          disabled={props.disabled}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </StudioField>
  );
}
