import type { SystemName } from "./client/ipc";
import type { ScenarioResult } from "./results";

/** Grouped bar charts as hand-written SVG: one group per scenario, one bar per system. */

const WIDTH = 960;
const PANEL_HEIGHT = 300;
const MARGIN = { top: 44, right: 24, bottom: 52, left: 84 };
const COLORS: Record<SystemName, string> = { onair: "#d9480f", "raw-ws": "#2b8a3e", socketio: "#1c7ed6" };

interface Bar {
  system: SystemName;
  value: number | null;
}

interface Group {
  label: string;
  bars: Bar[];
  /** A dashed reference line across the group (e.g. the offered load). */
  reference?: number;
}

interface Panel {
  title: string;
  unit: string;
  groups: Group[];
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function formatValue(value: number): string {
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toFixed(1))}M`;
  if (value >= 10_000) return `${Math.round(value / 1000)}k`;
  if (value >= 1_000) return `${(value / 1000).toFixed(1)}k`;
  if (value >= 10) return value.toFixed(0);
  if (value >= 1) return value.toFixed(1);
  return value.toFixed(2);
}

/** Log-scale panel: values span orders of magnitude between systems. */
function panel(spec: Panel, systems: SystemName[], offsetY: number): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = spec.groups.flatMap((group) => [...group.bars.map((bar) => bar.value), group.reference ?? null]);
  const positive = values.filter((value): value is number => value !== null && value > 0);
  const parts: string[] = [`<g transform="translate(0,${offsetY})">`];
  parts.push(`<text x="${MARGIN.left}" y="24" font-size="15" font-weight="600">${escape(spec.title)}</text>`);
  if (!positive.length) {
    parts.push(`<text x="${MARGIN.left}" y="${MARGIN.top + 20}" font-size="12">no data</text></g>`);
    return parts.join("\n");
  }
  // One decade of headroom below the smallest value, so that its bar stays visible.
  const minExp = Math.floor(Math.log10(Math.min(...positive))) - 1;
  const maxExp = Math.ceil(Math.log10(Math.max(...positive)) + 0.05);
  const y = (value: number) =>
    MARGIN.top + plotHeight - ((Math.log10(Math.max(value, 10 ** minExp)) - minExp) / Math.max(1, maxExp - minExp)) * plotHeight;

  for (let exp = minExp; exp <= maxExp; exp++) {
    const gy = y(10 ** exp).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${gy}" y2="${gy}" stroke="#e9ecef"/>`);
    parts.push(
      `<text x="${MARGIN.left - 8}" y="${gy}" font-size="11" text-anchor="end" dominant-baseline="middle">${formatValue(10 ** exp)}</text>`,
    );
  }
  parts.push(
    `<text transform="translate(18,${MARGIN.top + plotHeight / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escape(spec.unit)} (log scale)</text>`,
  );

  const groupWidth = plotWidth / spec.groups.length;
  const barWidth = Math.min(48, (groupWidth * 0.8) / systems.length);
  spec.groups.forEach((group, groupIndex) => {
    const groupX = MARGIN.left + groupIndex * groupWidth;
    const barsX = groupX + (groupWidth - barWidth * systems.length) / 2;
    systems.forEach((system, systemIndex) => {
      const value = group.bars.find((bar) => bar.system === system)?.value ?? null;
      const x = barsX + systemIndex * barWidth;
      if (value === null) {
        parts.push(
          `<text x="${(x + barWidth / 2).toFixed(1)}" y="${MARGIN.top + plotHeight - 4}" font-size="10" text-anchor="middle">n/a</text>`,
        );
        return;
      }
      const top = y(value);
      parts.push(
        `<rect x="${(x + 2).toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${(MARGIN.top + plotHeight - top).toFixed(1)}" fill="${COLORS[system]}"><title>${system} ${escape(group.label)}: ${value}</title></rect>`,
      );
      parts.push(
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" font-size="10" text-anchor="middle">${formatValue(value)}</text>`,
      );
    });
    if (group.reference) {
      const ry = y(group.reference).toFixed(1);
      parts.push(
        `<line x1="${(barsX - 4).toFixed(1)}" x2="${(barsX + barWidth * systems.length + 4).toFixed(1)}" y1="${ry}" y2="${ry}" stroke="#495057" stroke-dasharray="4 3"/>`,
      );
    }
    parts.push(
      `<text x="${(groupX + groupWidth / 2).toFixed(1)}" y="${MARGIN.top + plotHeight + 18}" font-size="12" text-anchor="middle">${escape(group.label)}</text>`,
    );
  });
  parts.push(
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotHeight}" y2="${MARGIN.top + plotHeight}" stroke="#495057"/>`,
  );
  parts.push("</g>");
  return parts.join("\n");
}

export function renderChart(results: ScenarioResult[], subtitle: string): string {
  const systems = [...new Set(results.map((result) => result.row.system))];
  const groupsOf = (kind: "fanout" | "idle") => [
    ...new Set(results.filter((result) => result.row.rate > 0 === (kind === "fanout")).map((result) => result.row.scenario)),
  ];
  const rowsOf = (scenario: string) => results.filter((result) => result.row.scenario === scenario);
  const fanoutGroups = groupsOf("fanout");
  const idleGroups = groupsOf("idle");

  const panels: Panel[] = [
    {
      title: "p99 latency per scenario (lower is better)",
      unit: "ms",
      groups: fanoutGroups.map((scenario) => ({
        label: scenario,
        bars: rowsOf(scenario).map(({ row }) => ({ system: row.system, value: row.p99_ms })),
      })),
    },
    {
      title: "Deliveries per second (dashed: offered load = viewers × rate)",
      unit: "deliveries/s",
      groups: fanoutGroups.map((scenario) => ({
        label: scenario,
        bars: rowsOf(scenario).map(({ row }) => ({ system: row.system, value: row.delivered_per_s })),
        reference: rowsOf(scenario)[0]?.details.offeredPerS,
      })),
    },
  ];
  if (idleGroups.length) {
    panels.push({
      title: "Server memory per idle connection (lower is better)",
      unit: "KiB",
      groups: idleGroups.map((scenario) => ({
        label: scenario,
        bars: rowsOf(scenario).map(({ row }) => ({ system: row.system, value: row.rss_per_conn_kib })),
      })),
    });
  }

  const legendY = 56;
  const height = 72 + panels.length * PANEL_HEIGHT;
  const legend = systems
    .map(
      (system, index) =>
        `<rect x="${MARGIN.left + index * 130}" y="${legendY - 10}" width="12" height="12" fill="${COLORS[system]}"/>` +
        `<text x="${MARGIN.left + index * 130 + 18}" y="${legendY}" font-size="12">${system}</text>`,
    )
    .join("\n");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="18" font-weight="700">OnAir fan-out benchmark</text>`,
    `<text x="${MARGIN.left}" y="40" font-size="12" fill="#495057">${escape(subtitle)}</text>`,
    legend,
    ...panels.map((spec, index) => panel(spec, systems, 72 + index * PANEL_HEIGHT)),
    "</svg>",
    "",
  ].join("\n");
}
