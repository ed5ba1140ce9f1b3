"use client";

import { useCallback, useState } from "react";
import { errorMessage } from "~/lib/trpc";

export type ActionResult<T> = { ok: true; value: T } | { ok: false };

/**
 * Runs one mutation at a time and keeps its error message for display next to
 * the control that started it (TRPC errors carry a sentence meant for people).
 */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async <T>(action: () => Promise<T>): Promise<ActionResult<T>> => {
    setPending(true);
    setError(null);
    try {
      return { ok: true, value: await action() };
    } catch (caught) {
      setError(errorMessage(caught));
      return { ok: false };
    } finally {
      setPending(false);
    }
  }, []);

  return { run, pending, error, setError };
}
