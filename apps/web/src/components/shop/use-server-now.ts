"use client";

import { useEffect, useState } from "react";

/**
 * The server's clock now (ms), from this browser's clock and the offset the stream's snapshot
 * gave: every viewer's countdown reaches zero at the same moment. Re-renders twice a second while
 * `ticking` (something on screen counts down or depends on a sale's start and end).
 */
export function useServerNow(clockOffsetMs: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 500);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking]);
  return now + clockOffsetMs;
}
