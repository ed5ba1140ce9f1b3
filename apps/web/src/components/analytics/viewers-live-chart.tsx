"use client";

import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import type { LiveChartData } from "./chart-data";
import { formatClock, formatCompact } from "./format";
import { PALETTE } from "./palette";
import "uplot/dist/uPlot.min.css";

const HEIGHT = 200;
/** The x axis' tick spacings (seconds): 1, 2, 5, 10, 15, 30 minutes, then hours. */
const MINUTE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((minutes) => minutes * 60);

interface ViewersLiveChartProps {
  data: LiveChartData;
  /** The x range in seconds (a moving window ending now); null: fit the data. */
  range: [number, number] | null;
  /** The chart's accessible name, with the current figure ("Concurrent viewers, now 12"). */
  label: string;
}

function chartOptions(width: number, rangeRef: { current: [number, number] | null }): uPlot.Options {
  const axis = {
    stroke: PALETTE.axis,
    grid: { stroke: PALETTE.grid, width: 1 },
    ticks: { stroke: PALETTE.grid, width: 1 },
    font: "12px system-ui, sans-serif",
  };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, range: (_self, min, max) => rangeRef.current ?? [min, max] },
      // From zero, with room above the highest point; never a flat line at the top for small counts.
      y: { range: (_self, _min, max) => [0, Math.max(4, Math.ceil((max || 0) * 1.2))] },
    },
    axes: [
      // Whole minutes only, as 24-hour clock times in the browser's zone.
      { ...axis, space: 64, incrs: MINUTE_STEPS, values: (_self, ticks) => ticks.map((tick) => formatClock(tick * 1000)) },
      { ...axis, size: 44, values: (_self, ticks) => ticks.map((tick) => formatCompact(tick)) },
    ],
    series: [
      {},
      { label: "Viewers", stroke: PALETTE.viewers, width: 2, fill: "rgba(155, 132, 255, 0.16)", spanGaps: false, points: { show: false } },
    ],
  };
}

/**
 * Concurrent viewers on a canvas (uPlot: light with hours of points). uPlot needs the DOM, so it is
 * loaded in the browser only, after the first render; new data goes to the same instance.
 */
export function ViewersLiveChart({ data, range, label }: ViewersLiveChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  const rangeRef = useRef(range);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let observer: ResizeObserver | null = null;
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled) return;
      const plot = new UPlot(chartOptions(container.clientWidth, rangeRef), dataRef.current, container);
      plotRef.current = plot;
      observer = new ResizeObserver(() => plot.setSize({ width: container.clientWidth, height: HEIGHT }));
      observer.observe(container);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      plotRef.current?.destroy();
      plotRef.current = null;
    };
  }, []);

  useEffect(() => {
    dataRef.current = data;
    rangeRef.current = range;
    plotRef.current?.setData(data);
  }, [data, range]);

  return (
    <div
      ref={containerRef}
      className="analytics-live-chart"
      role="img"
      aria-label={label}
      data-testid="live-viewers-chart"
      data-points={data[0].length}
      style={{ minHeight: HEIGHT }}
    />
  );
}
