// Anomaly alerts: how many standard deviations the value is from its baseline (a z-score).
// The value, the baseline's centre and its spread are recording rules, so the dashboard can
// draw the band and Prometheus keeps the long windows cheap. The baseline window ends before
// the recent window (or is centred one season back): see baseline.ts for why.
import { ANOMALY_DEFAULT_DEVIATIONS, anomalyRecord, promNumber } from '../conventions.js';
import { formatDuration } from '../duration.js';
import type { RecordModel, Scenario } from '../model.js';
import { TEST_MINUTES_AFTER, tooLongToSimulate } from '../plan.js';
import { IQR_PER_SIGMA, baselineWindow, type BaselineMethod } from './baseline.js';
import { capitalize, legendOf, subject } from './common.js';
import { pick, title } from '../watch/shared.js';
import { sourceOf } from '../watch/index.js';
import type { Built, KindInput } from './types.js';

export function buildAnomaly({ a, res }: KindInput): Built {
  const an = a.anomaly!;
  const src = sourceOf(a, res.selector);
  const names = anomalyRecord(a.alert);
  const k = an.deviations ?? ANOMALY_DEFAULT_DEVIATIONS;
  const method: BaselineMethod = an.method ?? 'mean';
  const win = baselineWindow(an, res.forMs);
  const range = `${names.value}[${an.baseline}] offset ${formatDuration(win.offsetMs)}`;
  const centre = method === 'mean' ? names.mean : names.median;
  const spread = method === 'mean' ? names.stddev : names.spread;
  const records: RecordModel[] = [
    { record: names.value, expr: src.watched },
    method === 'mean' ? { record: centre, expr: `avg_over_time(${range})` } : { record: centre, expr: `quantile_over_time(0.5, ${range})` },
    method === 'mean'
      ? { record: spread, expr: `stddev_over_time(${range})` }
      : // MAD (median of |x - median|) needs the window's own median inside the window, which
        // PromQL cannot express; the interquartile range comes from the same window in one rule.
        { record: spread, expr: `(quantile_over_time(0.75, ${range}) - quantile_over_time(0.25, ${range})) / ${IQR_PER_SIGMA}` },
  ];
  // A flat baseline has no deviation: `> 0` drops it rather than dividing by zero.
  const z = `(${names.value} - ${centre}) / (${spread} > 0)`;
  const direction = an.direction ?? 'both';
  const expr =
    direction === 'up' ? `${z} > ${promNumber(k)}` : direction === 'down' ? `${z} < -${promNumber(k)}` : `abs(${z}) > ${promNumber(k)}`;
  const who = subject(src.kept);
  const what = src.metric ? title(src.metric) : src.what;
  const than = win.seasonMs
    ? `the ${an.baseline} around this time one ${an.seasonality === 'daily' ? 'day' : 'week'} earlier`
    : `the ${an.baseline} before the last ${formatDuration(win.offsetMs)}`;
  const deviations = method === 'mean' ? 'standard deviations' : 'robust deviations (interquartile range / 1.349)';
  const built: Built = {
    kind: 'anomaly',
    watched: { expr: src.watched },
    records,
    anomaly: { meanExpr: centre, stddevExpr: spread, k },
    levels: [
      {
        severity: res.severity,
        when: [[{ op: '>', value: k }]],
        expr,
        summary: `${capitalize(what)}${who ? ` on ${who}` : ''} is ${direction === 'both' ? 'unusual' : direction === 'up' ? 'unusually high' : 'unusually low'}`,
        description: `More than ${promNumber(k)} ${deviations} ${direction === 'up' ? 'above' : direction === 'down' ? 'below' : 'away from'} the ${method} of ${than}.`,
      },
    ],
  };
  const legend = legendOf(src.kept);
  if (legend) built.watched.legend = legend;
  if (src.unit) built.watched.unit = src.unit;
  if (src.kept) built.keptLabels = src.kept;
  if (!src.sample) {
    built.noTestReason = src.noTest ?? 'vigil cannot make up input series for it';
    return built;
  }

  const baseMin = win.rangeMs / 60_000;
  const offsetMin = win.offsetMs / 60_000;
  // The first minute whose baseline window lies wholly in the simulated run.
  const spikeAt = Math.ceil(baseMin + offsetMin) + 1;
  const steps = spikeAt + Math.ceil(res.forMs / 60_000) + TEST_MINUTES_AFTER;
  const tooLong = tooLongToSimulate(steps);
  if (tooLong) {
    built.noTestReason = tooLong;
    return built;
  }
  const calm = (t: number) => 10 + 2 * (t % 2);
  const jump = direction === 'down' ? -100 : 100;
  const scenarios: Scenario[] = [];
  for (const [name, sig, instance] of [
    [
      `fires when the value jumps ${direction === 'down' ? 'down' : 'up'}`,
      (t: number) => (t < spikeAt ? calm(t) : 10 + jump),
      'anomaly-case',
    ],
    ['stays silent while the value keeps its pattern', calm, 'calm-case'],
  ] as const) {
    const made = src.sample(sig, instance, steps);
    if (!made) {
      built.noTestReason = 'no sample series satisfy its selector';
      return built;
    }
    const sample = made.sample;
    const zAt = zScores(sample.value, steps, baseMin, offsetMin, method);
    scenarios.push({
      name,
      series: sample.series,
      steps,
      labels: pick(made.labels, src.kept),
      value: (_i, t) => {
        const zt = zAt[t];
        if (zt === undefined) return undefined;
        const fires = direction === 'up' ? zt > k : direction === 'down' ? zt < -k : Math.abs(zt) > k;
        return fires ? (direction === 'both' ? Math.abs(zt) : zt) : undefined;
      },
    });
  }
  built.scenarios = scenarios;
  return built;
}

/**
 * z-score at each minute over the recorded value, as the three recording rules compute it:
 * the baseline is the samples in [t - offset - range, t - offset] (Prometheus 2 ranges include
 * both ends), summarised by mean and population standard deviation, or by median and
 * interquartile range / 1.349 with quantile_over_time's interpolation.
 */
function zScores(
  value: (t: number) => number | undefined,
  steps: number,
  baseMin: number,
  offsetMin: number,
  method: BaselineMethod,
): (number | undefined)[] {
  const recorded = Array.from({ length: steps + 1 }, (_, t) => value(t));
  return recorded.map((v, t) => {
    if (v === undefined) return undefined;
    const end = Math.floor(t - offsetMin);
    if (end < 0) return undefined;
    const xs: number[] = [];
    for (let s = Math.max(0, Math.ceil(t - offsetMin - baseMin)); s <= end; s++) if (recorded[s] !== undefined) xs.push(recorded[s]!);
    if (!xs.length) return undefined;
    const { centre, spread } = method === 'mean' ? meanSpread(xs) : medianSpread(xs);
    return spread > 0 ? (v - centre) / spread : undefined;
  });
}

function meanSpread(xs: number[]): { centre: number; spread: number } {
  const mean = xs.reduce((p, x) => p + x, 0) / xs.length;
  return { centre: mean, spread: Math.sqrt(xs.reduce((p, x) => p + (x - mean) ** 2, 0) / xs.length) };
}

function medianSpread(xs: number[]): { centre: number; spread: number } {
  const sorted = [...xs].sort((a, b) => a - b);
  const q = (p: number) => {
    const rank = p * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! * (1 - (rank - lo)) + sorted[hi]! * (rank - lo);
  };
  return { centre: q(0.5), spread: (q(0.75) - q(0.25)) / IQR_PER_SIGMA };
}
