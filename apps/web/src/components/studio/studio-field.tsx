"use client";

import { useId, type ReactNode } from "react";

export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * A labelled control with an optional hint and error below it; the control gets the id, the
 * description (hint and error) and aria-invalid through `control`'s argument.
 */
export function StudioField(props: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  /** data-field: where the form moves focus when this field is wrong. */
  name: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`studio-field${props.className ? ` ${props.className}` : ""}`} data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, "aria-describedby": describedBy, ...(props.error ? { "aria-invalid": true as const } : {}) })}
      {props.hint ? (
        <p id={hintId} className="studio-hint muted">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={errorId} className="form-error studio-field-error" data-testid={`error-${props.name}`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The end of a studio form: the submit button (with "Saving…" while busy), what the
 * last save did, the server's refusal that names no field, and a reminder when
 * fields are marked.
 */
export function StudioFormFooter(props: {
  submitLabel: string;
  busy: boolean;
  outcome: string | null;
  /** The server's message that is not about one field (shown under the button). */
  serverError: string | null;
  /** Fields are marked with problems (after a submit). */
  fieldsMarked: boolean;
  submitTestId?: string;
  errorTestId: string;
}) {
  return (
    <>
      <div className="studio-form-actions">
        <button type="submit" className="button" disabled={props.busy} data-testid={props.submitTestId}>
          {props.busy ? "Saving…" : props.submitLabel}
        </button>
        {props.outcome ? (
          <span className="mod-outcome" role="status">
            {props.outcome}
          </span>
        ) : null}
      </div>
      {props.serverError ? (
        <p className="form-error" role="alert" data-testid={props.errorTestId}>
          {props.serverError}
        </p>
      ) : null}
      {props.fieldsMarked ? (
        <p className="form-error" role="alert">
          Check the highlighted fields.
        </p>
      ) : null}
    </>
  );
}
