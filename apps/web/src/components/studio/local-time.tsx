"use client";

import { useSyncExternalStore } from "react";
import { formatDateTime } from "~/lib/format";

const subscribeNever = () => () => {};

/** False while the server renders and during hydration, true in the browser after that. */
export function useInBrowser(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

/**
 * A moment in the viewer's own time zone. The server does not know that zone, so the server's HTML
 * (and hydration) shows UTC, labelled; the browser then shows local time.
 */
export function LocalTime({ date }: { date: Date }) {
  const inBrowser = useInBrowser();
  const text = inBrowser
    ? formatDateTime(date)
    : `${new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;
  return <time dateTime={date.toISOString()}>{text}</time>;
}
