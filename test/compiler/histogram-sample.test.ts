import { describe, expect, it } from 'vitest';
import { cumulativeShare, histogramQuantile, SAMPLE_BUCKETS } from '../../src/compiler/histogram-sample.js';

// The sample histograms of http_request_duration_p95_seconds' generated tests: bucket shares
// whose histogram_quantile(0.95) reads the chosen value. `vigil test` runs those tests under the
// real promtool; this pins the arithmetic for values inside a bucket, near its top, on a bound.
const read = (u: number) =>
  histogramQuantile(
    0.95,
    [...SAMPLE_BUCKETS, Infinity].map((le) => ({ le, rate: cumulativeShare(le, u, 0.95) })),
  );

describe('sample histograms for a percentile', () => {
  it.each([0.03, 0.2, 1, 2, 2.45, 2.49, 3.5, 4.9, 42])('reads %s back', (u) => {
    expect(read(u)).toBeCloseTo(u, 9);
  });

  it('reads the last finite bound past it, as Prometheus does', () => {
    expect(read(1000)).toBe(300);
  });

  it('interpolates as histogram_quantile does (hand-computed: 90 at 50 ms, 10 at 3 s)', () => {
    const b = [0.025, 0.05, 2.5, 5, Infinity].map((le, i) => ({ le, rate: [0, 90, 90, 100, 100][i]! }));
    expect(histogramQuantile(0.95, b)).toBeCloseTo(3.75, 12);
    expect(
      histogramQuantile(
        0.95,
        b.map((x) => ({ ...x, rate: 0 })),
      ),
    ).toBeUndefined();
  });
});
