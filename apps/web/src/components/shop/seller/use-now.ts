"use client";

import { useEffect, useState } from "react";

/** The time now (plus `offsetMs`, the server clock's lead), ticking every second while `active`. */
export function useNow(active: boolean, offsetMs = 0): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now + offsetMs;
}
