const startedAt = Date.now();

/** A progress line, prefixed with the time since the harness started. */
export function log(line: string): void {
  const elapsed = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${elapsed}s] ${line}`);
}

export function elapsedSeconds(): number {
  return (Date.now() - startedAt) / 1000;
}

export const formatCount = (value: number): string => Math.round(value).toLocaleString("en-US");
