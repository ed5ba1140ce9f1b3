"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

interface ConfirmButtonProps {
  /** The first button's text. */
  label: string;
  /** What happens, asked before doing it. */
  question: ReactNode;
  /** The button that does it. */
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  danger?: boolean;
  disabled?: boolean;
  testId?: string;
}

/** A button that asks before it acts: the question and the real button appear in place, focused; Cancel or Escape goes back. */
export function ConfirmButton(props: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  function cancel() {
    setAsking(false);
    requestAnimationFrame(() => openerRef.current?.focus());
  }

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        // The opener of a destructive action is quiet; the button that does it is red.
        className={props.danger ? "button button-secondary studio-button-danger-text" : "button"}
        disabled={props.disabled || props.pending}
        onClick={() => setAsking(true)}
        data-testid={props.testId}
      >
        {props.pending ? `${props.label}…` : props.label}
      </button>
    );
  }
  return (
    <div
      className="studio-confirm"
      role="group"
      aria-labelledby={questionId}
      onKeyDown={(event) => {
        if (event.key === "Escape") cancel();
      }}
    >
      <p id={questionId}>{props.question}</p>
      <div className="studio-confirm-actions">
        <button
          ref={confirmRef}
          type="button"
          className={props.danger ? "button button-danger" : "button"}
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
          data-testid={props.testId ? `${props.testId}-confirm` : undefined}
        >
          {props.confirmLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
