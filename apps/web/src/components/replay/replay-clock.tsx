"use client";

import { createContext, useContext, useMemo, useState, type ReactNode } from "react";

interface ReplayClock {
  /** The wall clock of the moment the replay is showing; null before the video reports its time. */
  wallClock: Date | null;
  setWallClock: (wallClock: Date) => void;
}

const ReplayClockContext = createContext<ReplayClock | null>(null);

/** Carries the replay's position from the player to the replayed chat beside it. */
export function ReplayClockProvider({ children }: { children: ReactNode }) {
  const [wallClock, setWallClock] = useState<Date | null>(null);
  const value = useMemo(() => ({ wallClock, setWallClock }), [wallClock]);
  return <ReplayClockContext.Provider value={value}>{children}</ReplayClockContext.Provider>;
}

export function useReplayClock(): ReplayClock {
  const value = useContext(ReplayClockContext);
  if (!value) throw new Error("useReplayClock must be used inside <ReplayClockProvider>.");
  return value;
}
