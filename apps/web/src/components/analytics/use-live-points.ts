"use client";

import { useEffect, useState } from "react";
import { appendLivePoint, type LivePoint } from "./chart-data";

/** A reading every this often even when the count stays the same, so the chart keeps moving with the clock. */
export const LIVE_SAMPLE_MS = 5_000;

/**
 * The viewer count over time as this page sees it: a point whenever `stream.stats` changes it
 * (`viewerCount` from the page's stream events) and every few seconds in between. Bounded in
 * length (chart-data MAX_LIVE_POINTS). `now` is the latest reading's time.
 */
export function useLivePoints(viewerCount: number): { points: LivePoint[]; now: number } {
  const [state, setState] = useState<{ points: LivePoint[]; now: number }>(() => ({ points: [], now: 0 }));

  useEffect(() => {
    const record = () => {
      const t = Date.now();
      setState((current) => ({ points: appendLivePoint(current.points, { t, viewers: viewerCount }), now: t }));
    };
    record();
    const timer = window.setInterval(record, LIVE_SAMPLE_MS);
    return () => window.clearInterval(timer);
  }, [viewerCount]);

  return state;
}
