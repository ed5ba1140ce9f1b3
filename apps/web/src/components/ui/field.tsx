"use client";

import { useId, type ReactNode } from "react";

/**
 * A label above its control, linked by id rather than by wrapping: a wrapping
 * label would make a select's accessible name include its selected option.
 */
export function Field({ label, className, children }: { label: ReactNode; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`mod-field${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
