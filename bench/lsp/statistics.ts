// Order statistics for latency samples. Percentiles interpolate linearly between the two nearest
// ranks (position p·(n−1)); for the ~100-sample pools behind the p90s this differs from the peer
// baseline's nearest rank by a fraction of a sample, and it never puts a p90 below the median
// when there are only a few samples (one per trial).

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
