"use client";

import { useEffect, useState } from "react";

/**
 * The server's clock now (ms), from this browser's clock and the offset the stream's snapshot
 * gave: every viewer's countdown reaches zero at the same moment. Re-renders twice a second while
 * `ticking` (something on screen counts down), else only when the offset changes.
 */
export function useServerNow(clockOffsetMs: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [ticking, clockOffsetMs]);
  return now + clockOffsetMs;
}
