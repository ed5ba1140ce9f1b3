"use client";

import { useRef } from "react";

/**
 * INTERIM, until the terms, moderators and audit-log panels read their cached queries themselves
 * (webm's change; the lead deletes this file and the `version`/`resyncVersion` props at the merge).
 * Turns each new read of a query the moderation feed invalidates (its `dataUpdatedAt`) into the
 * `version` number those panels still expect: 0 until the first reload, then the read's time.
 */
export function useReloadVersion(dataUpdatedAt: number): number {
  const renderedAt = useRef(dataUpdatedAt);
  return dataUpdatedAt === renderedAt.current ? 0 : dataUpdatedAt;
}
