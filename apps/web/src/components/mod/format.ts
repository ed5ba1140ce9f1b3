/** "3 days", "5 hours", "just now": how long ago a date was, in the largest whole unit. */
export function durationSince(date: Date, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - date.getTime()) / 1000));
  const units: Array<[string, number]> = [
    ["year", 365 * 24 * 3600],
    ["month", 30 * 24 * 3600],
    ["day", 24 * 3600],
    ["hour", 3600],
    ["minute", 60],
  ];
  for (const [name, size] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? "" : "s"}`;
  }
  return "less than a minute";
}

/** MESSAGE_DELETE → "message delete". */
export function actionLabel(action: string): string {
  return action.toLowerCase().replaceAll("_", " ");
}
