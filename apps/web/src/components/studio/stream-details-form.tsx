"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { newRequestId, useTRPC } from "~/lib/trpc";
import { InitialChatFields } from "./initial-chat-fields";
import {
  DESCRIPTION_MAX,
  TITLE_MAX,
  buildCreateInput,
  buildUpdateInput,
  canChangeScheduleAndSource,
  emptyStreamForm,
  serverErrorsOf,
  streamToForm,
  validateStreamForm,
  viewerTimeZone,
  type StreamFormErrors,
  type StreamFormValues,
} from "./stream-form";
import { StudioField, StudioFormFooter } from "./studio-field";
import { NO_THUMBNAIL_CHANGE, ThumbnailField, type ThumbnailChoice } from "./thumbnail-field";
import type { StudioCapabilities, StudioStream } from "./types";
import { VideoSourceFields } from "./video-source-fields";

type StreamDetailsFormProps = { capabilities: StudioCapabilities } & ({ mode: "create" } | { mode: "edit"; stream: StudioStream });

/**
 * Create and edit a stream. Checked here first (the same sentences as the server's), then by the server,
 * whose refusals go next to the fields they concern. What was typed stays after any error.
 * Rendered in the browser only: the schedule is shown in the viewer's time zone, which the server does not know.
 */
export function StreamDetailsForm(props: StreamDetailsFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const timeZone = viewerTimeZone();
  const stream = props.mode === "edit" ? props.stream : null;
  const locked = stream !== null && !canChangeScheduleAndSource(stream);

  const [values, setValues] = useState<StreamFormValues>(() => (stream ? streamToForm(stream, timeZone) : emptyStreamForm()));
  const [thumbnail, setThumbnail] = useState<ThumbnailChoice>(NO_THUMBNAIL_CHANGE);
  const [checked, setChecked] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [thumbnailError, setThumbnailError] = useState<string | null>(null);

  const create = useMutation(trpc.stream.create.mutationOptions());
  const update = useMutation(trpc.stream.update.mutationOptions());
  const upload = useMutation(trpc.studio.uploadThumbnail.mutationOptions());
  const removeThumbnail = useMutation(trpc.studio.removeThumbnail.mutationOptions());
  const save = stream ? update : create;
  const busy = save.isPending || upload.isPending || removeThumbnail.isPending;

  const sourcesOffered = Object.fromEntries(
    Object.entries(props.capabilities.sources).map(([provider, source]) => [provider, source.available]),
  );
  const validation = () =>
    validateStreamForm(values, {
      now: new Date(),
      timeZone,
      availableSources: sourcesOffered,
      scheduleAndSourceLocked: locked,
    });
  const clientErrors: StreamFormErrors = checked ? validation() : {};
  const server = serverErrorsOf(save.error, values.provider);
  const errors: StreamFormErrors = { ...server.fields, ...clientErrors };

  function change(changes: Partial<StreamFormValues>) {
    setOutcome(null);
    setValues((current) => ({ ...current, ...changes }));
  }

  /** Uploads or removes the thumbnail after the stream is saved; its failure is reported, not thrown. */
  async function saveThumbnail(streamId: string): Promise<boolean> {
    setThumbnailError(null);
    try {
      if (thumbnail.file) {
        const body = new FormData();
        body.set("streamId", streamId);
        body.set("file", thumbnail.file);
        await upload.mutateAsync(body);
      } else if (thumbnail.remove) {
        await removeThumbnail.mutateAsync({ streamId });
      } else {
        return true;
      }
      setThumbnail(NO_THUMBNAIL_CHANGE);
      return true;
    } catch (error) {
      setThumbnailError(error instanceof Error ? error.message : "The thumbnail could not be saved.");
      return false;
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setChecked(true);
    setOutcome(null);
    save.reset();
    const problems = validation();
    if (Object.keys(problems).length > 0) {
      focusFirstProblem(form, problems);
      return;
    }
    try {
      if (stream) {
        await update.mutateAsync(buildUpdateInput(stream, values, timeZone));
        const thumbnailSaved = await saveThumbnail(stream.id);
        await queryClient.invalidateQueries(trpc.studio.pathFilter());
        setOutcome(thumbnailSaved ? "Saved." : "Saved, but not the thumbnail.");
        router.refresh();
      } else {
        const created = await create.mutateAsync(buildCreateInput(values, timeZone, requestId));
        setRequestId(newRequestId());
        const thumbnailSaved = await saveThumbnail(created.id);
        await queryClient.invalidateQueries(trpc.studio.myStreams.pathFilter());
        router.push(thumbnailSaved ? `/studio/${created.id}` : `/studio/${created.id}?thumbnail=failed`);
      }
    } catch (error) {
      // The mutation's error is shown next to its field or as the form's line; the values stay.
      const refused = error instanceof Error ? (error as Error & { data?: unknown }) : null;
      requestAnimationFrame(() => focusFirstProblem(form, serverErrorsOf(refused, values.provider).fields));
    }
  }

  return (
    <form className="studio-form" noValidate onSubmit={(event) => void submit(event)} data-testid="stream-form" aria-busy={busy}>
      <StudioField
        name="title"
        label={
          <>
            Title{" "}
            <span className={`studio-counter${values.title.length > TITLE_MAX ? " studio-counter-over" : ""}`} aria-hidden="true">
              {values.title.length}/{TITLE_MAX}
            </span>
          </>
        }
        error={errors.title}
        hint={`Up to ${TITLE_MAX} characters.`}
      >
        {(control) => (
          <input {...control} type="text" required value={values.title} onChange={(event) => change({ title: event.target.value })} />
        )}
      </StudioField>

      <StudioField
        name="description"
        label="Description (optional)"
        error={errors.description}
        hint={`Up to ${DESCRIPTION_MAX.toLocaleString("en")} characters.`}
      >
        {(control) => (
          <textarea {...control} rows={4} value={values.description} onChange={(event) => change({ description: event.target.value })} />
        )}
      </StudioField>

      <StudioField
        name="scheduledStart"
        label="Scheduled start (optional)"
        error={errors.scheduledStart}
        hint={
          !locked
            ? `Your time zone: ${timeZone}. Leave empty to go live whenever you are ready.`
            : stream?.status === "MISSED"
              ? "This stream missed its time: go live now, or delete it and schedule a new one."
              : "The stream has gone live: its schedule is history."
        }
      >
        {(control) => (
          <div className="studio-inline">
            <input
              {...control}
              type="datetime-local"
              disabled={locked}
              value={values.scheduledStart}
              onChange={(event) => change({ scheduledStart: event.target.value })}
            />
            {values.scheduledStart && !locked ? (
              <button type="button" className="link-button" onClick={() => change({ scheduledStart: "" })}>
                Clear
              </button>
            ) : null}
          </div>
        )}
      </StudioField>

      <ThumbnailField currentUrl={stream?.thumbnailUrl ?? null} choice={thumbnail} onChange={setThumbnail} error={thumbnailError} />

      <VideoSourceFields values={values} errors={errors} sources={props.capabilities.sources} locked={locked} onChange={change} />

      {stream ? null : <InitialChatFields form={values.chat} onChange={(chat) => change({ chat })} error={errors.chat} />}

      <StudioFormFooter
        submitLabel={stream ? "Save changes" : "Create stream"}
        busy={busy}
        outcome={outcome}
        serverError={server.line}
        fieldsMarked={checked && Object.keys(clientErrors).length > 0}
        errorTestId="stream-form-error"
      />
    </form>
  );
}

/** Moves focus to the first field with a problem (in page order). */
function focusFirstProblem(form: HTMLFormElement, problems: StreamFormErrors) {
  const names = new Set<string>(Object.keys(problems));
  const fields = Array.from(form.querySelectorAll<HTMLElement>("[data-field]"));
  const first = fields.find((field) => names.has(field.dataset.field ?? ""));
  first?.querySelector<HTMLElement>("input:not([disabled]), textarea, select")?.focus();
}
