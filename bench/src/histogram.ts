import { build, decodeFromCompressedBase64, type Histogram } from "hdr-histogram-js";

/** Latencies in microseconds, 3 significant digits; grows as needed. */
export function newLatencyHistogram(): Histogram {
  return build({ bitBucketSize: 32, lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3, autoResize: true });
}

/** Merges histograms encoded with encodeIntoCompressedBase64 (one per viewer process). */
export function mergeEncoded(encoded: readonly string[]): Histogram {
  const merged = newLatencyHistogram();
  for (const item of encoded) merged.add(decodeFromCompressedBase64(item, 32));
  return merged;
}

/** A percentile in milliseconds (µs precision), or null when nothing was recorded. */
export function percentileMs(histogram: Histogram, percentile: number): number | null {
  if (histogram.totalCount === 0) return null;
  return histogram.getValueAtPercentile(percentile) / 1000;
}
