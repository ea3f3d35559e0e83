// `latency:` a quantile of a Prometheus histogram, from the rate of its buckets: a duration
// in seconds, kept by the `by` labels. Its unit, display and domain are its own (not a probe's).
import type { Sample } from '../catalog.js';
import { parseDuration } from '../duration.js';
import { matcherFn, sampleLabels, vigilJob } from './shared.js';
import { counter, rateAt, type Labels } from '../series.js';
import type { Reporter } from '../report.js';
import type { PathSegment } from '../../yaml/source.js';
import type { WatchKind } from './types.js';

export const latency: WatchKind = {
  key: 'latency',
  modelKind: 'latency',
  condition: () => 'required',
  modifiers: false,
  over: true,
  selectable: () => undefined,
  fromVigil: (_a, sel) => vigilJob(sel['job']),
  source: (a, sel) => {
    const m = matcherFn(sel);
    const l = a.latency!;
    const by = l.by ?? ['instance', 'job'];
    const w = l.window ?? '5m';
    const what = `p${+(l.quantile * 100).toPrecision(4)} latency of ${l.histogram}`;
    return {
      watched: `histogram_quantile(${l.quantile}, sum by (${['le', ...by].join(', ')}) (rate(${l.histogram}_bucket${m()}[${w}])))`,
      kept: [...by].sort(),
      unit: 's',
      what,
      display: { unit: 's', humanize: 'humanizeDuration', suffix: '' },
      domain: { min: 0 },
      help: `${what.charAt(0).toUpperCase()}${what.slice(1)} over ${w}, from the rate of its buckets`,
      sample: (v, instance, steps) => {
        const labels = sampleLabels(instance, {}, sel);
        return labels
          ? { sample: histogramSample(l.histogram, labels, v(1), l.quantile, parseDuration(w)! / 60_000, steps), labels }
          : undefined;
      },
    };
  },
  check: ({ a, path, r }) => checkHistogramName(r, a.latency!.histogram, [...path, 'latency', 'histogram']),
};

/** A histogram named with its series suffix would be looked up as name_bucket_bucket. */
export function checkHistogramName(r: Reporter, histogram: string, path: PathSegment[]): void {
  const m = /^(.+)_(bucket|count|sum)$/.exec(histogram);
  if (m) {
    r.warn(
      'lint.histogram-suffix',
      path,
      `the histogram is named without its series suffix: vigil reads ${histogram}_bucket and ${histogram}_count, which are unlikely to exist`,
      `if the series are ${m[1]}_bucket, write histogram: ${m[1]}`,
    );
  }
}

/** All observations in one bucket (0, v/q], so histogram_quantile(q) interpolates to v. */
function histogramSample(name: string, labels: Labels, v: number, q: number, windowMin: number, steps: number): Sample {
  const hi = v / q;
  const perSecond = 10;
  const b1 = counter(`${name}_bucket`, { ...labels, le: String(hi) }, () => perSecond, steps);
  const inf = counter(`${name}_bucket`, { ...labels, le: '+Inf' }, () => perSecond, steps);
  return {
    series: [b1, inf],
    value: (t) => {
      const c = rateAt(b1, windowMin, t);
      const n = rateAt(inf, windowMin, t);
      if (c === undefined || n === undefined || n === 0) return undefined;
      const rank = q * n;
      return 0 + (hi - 0) * (rank / c);
    },
  };
}
