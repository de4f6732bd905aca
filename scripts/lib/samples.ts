/** A benchmark's samples, with their median and spread. */
export interface Samples {
  samples: number[];
  median: number;
  min: number;
  max: number;
}

/** The median (of the two middle samples, rounded, for an even count), the min and the max. */
export function summarize(samples: number[]): Samples {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
  return { samples, median, min: sorted[0], max: sorted[sorted.length - 1] };
}
