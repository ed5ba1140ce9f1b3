import type { ReactNode } from "react";

interface ChartTableProps {
  /** What the table holds, for the scroll region's name: "Per-minute figures". */
  label: string;
  /** The summary's text; "Show as a table" by default. */
  summary?: string;
  children: ReactNode;
  testId?: string;
}

/**
 * The accessible form of a chart: the same figures as a table, behind a disclosure so the page
 * stays short. The table scrolls inside its own region, which takes keyboard focus for scrolling.
 */
export function ChartTable({ label, summary = "Show as a table", children, testId }: ChartTableProps) {
  return (
    <details className="analytics-table" data-testid={testId}>
      <summary>{summary}</summary>
      <div className="analytics-table-scroll" role="region" aria-label={label} tabIndex={0}>
        {children}
      </div>
    </details>
  );
}
