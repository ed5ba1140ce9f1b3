"use client";

import { useInBrowser } from "../studio/local-time";

/**
 * The zone clock labels are written in: the browser's own (undefined) once in the browser; "UTC"
 * on the server and in the render that hydrates its HTML, which therefore say "UTC" next to times.
 */
export function useTimeZone(): string | undefined {
  return useInBrowser() ? undefined : "UTC";
}
