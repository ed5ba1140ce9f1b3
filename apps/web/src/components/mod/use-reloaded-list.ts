"use client";

import { useEffect, useState } from "react";
import { errorMessage } from "~/lib/trpc";

/**
 * A list rendered from the server, read again whenever `version` changes
 * (the dashboard bumps it after a reconnect or when someone else changed the list).
 */
export function useReloadedList<T>(initial: T[], version: number, load: () => Promise<T[]>) {
  const [items, setItems] = useState(initial);
  const [listError, setListError] = useState<string | null>(null);
  useEffect(() => {
    if (version === 0) return;
    load()
      .then((fresh) => {
        setItems(fresh);
        setListError(null);
      })
      .catch((error: unknown) => setListError(errorMessage(error)));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` is a new function on every render; `version` alone decides when to read again.
  }, [version]);
  return { items, setItems, listError };
}
