// Sample histograms for generated tests of a percentile friendly metric: bucket counters whose
// histogram_quantile reads a chosen value exactly, and Prometheus's own interpolation to check
// it. One request a second in all; at each minute the mass is split between the buckets around
// the value so the quantile's linear interpolation lands on it.
import { counter, rateAt, type InputSeries, type Labels, type Signal } from './series.js';

/**
 * prometheus_client's default buckets (what an instrumented app and vigil's logs: serve), with
 * a few longer ones so that a generated test of a threshold past 10 s can still read it.
 */
export const SAMPLE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Cumulative share of requests at or below `le` when the q-quantile should read `u`. */
export function cumulativeShare(le: number, u: number, q: number): number {
  const bounds = SAMPLE_BUCKETS;
  if (u >= bounds[bounds.length - 1]!) return le >= Infinity ? 1 : 0; // above the last bound: reads the last bound
  const hiIndex = bounds.findIndex((b) => b >= u);
  const hi = bounds[hiIndex]!;
  const lo = hiIndex === 0 ? 0 : bounds[hiIndex - 1]!;
  const x = (u - lo) / (hi - lo);
  if (x <= q && lo > 0) {
    // A share f at or below lo, the rest in (lo, hi]: lo + (hi - lo)(q - f)/(1 - f) = u.
    const f = (q - x) / (1 - x);
    return le < lo ? 0 : le < hi ? f : 1;
  }
  // All below hi in (lo, hi], the share e above it in the next bucket: lo + (hi - lo) q/(1 - e) = u.
  // (Below the first bound, with nothing under 0 to put a share in, the value reads q·hi at least.)
  const e = Math.max(0, 1 - (q * (hi - lo)) / Math.max(u - lo, q * (hi - lo)));
  return le < lo ? 0 : le < hi ? 0 : le < (bounds[hiIndex + 1] ?? Infinity) ? 1 - e : 1;
}

/** histogram_quantile as Prometheus computes it over cumulative bucket rates (le ascending, +Inf last). */
export function histogramQuantile(q: number, buckets: { le: number; rate: number }[]): number | undefined {
  const total = buckets[buckets.length - 1]!.rate;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let i = buckets.findIndex((b) => b.rate >= rank);
  if (i === buckets.length - 1) return buckets[buckets.length - 2]!.le; // in the +Inf bucket
  if (i < 0) i = buckets.length - 1;
  const start = i === 0 ? 0 : buckets[i - 1]!.le;
  const below = i === 0 ? 0 : buckets[i - 1]!.rate;
  const count = buckets[i]!.rate - below;
  return start + (buckets[i]!.le - start) * ((rank - below) / count);
}

export function quantileSample(
  name: string,
  q: number,
  v: Signal,
  steps: number,
  labels: Labels,
  windowMin: number,
): { series: InputSeries[]; value: (t: number) => number | undefined } {
  const les = [...SAMPLE_BUCKETS, Infinity];
  const series = les.map((le) =>
    counter(`${name}_bucket`, { ...labels, le: le === Infinity ? '+Inf' : String(le) }, (t) => cumulativeShare(le, v(t), q), steps),
  );
  return {
    series,
    value: (t) => {
      const rates = series.map((s, i) => ({ le: les[i]!, rate: rateAt(s, windowMin, t) }));
      if (rates.some((r) => r.rate === undefined)) return undefined;
      return histogramQuantile(q, rates as { le: number; rate: number }[]);
    },
  };
}
