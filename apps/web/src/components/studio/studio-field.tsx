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
