/**
 * The charts' colours: the app's theme (globals.css) as literal values, because SVG presentation
 * attributes (recharts) and canvas (uPlot) do not read CSS variables. Each is at least 3:1 on --panel.
 */
export const PALETTE = {
  viewers: "#9b84ff",
  chat: "#3dd68c",
  sales: "#f5a524",
  likes: "#ff6b70",
  axis: "#9aa0b2",
  grid: "#2c2f3a",
  text: "#eceef4",
  tooltipBackground: "#1f212a",
  moment: { stream: "#eceef4", shop: "#f5a524", moderation: "#ff6b70" },
} as const;
