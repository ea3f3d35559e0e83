// Anomaly alerts: how many standard deviations the value is from its baseline (a z-score).
// The value, the baseline mean and the baseline standard deviation are recording rules, so
// the dashboard can draw the band and Prometheus keeps the long windows cheap.
import { ANOMALY_DEFAULT_DEVIATIONS, SEASONS, anomalyRecord, promNumber } from '../conventions.js';
import { parseDuration } from '../duration.js';
import type { RecordModel, Scenario } from '../model.js';
import { TEST_MINUTES_AFTER, tooLongToSimulate } from '../plan.js';
import { subject, title } from './common.js';
import { capitalize, legendOf, pick, source } from './threshold.js';
import type { Built, KindInput } from './types.js';

export function buildAnomaly({ a, res }: KindInput): Built {
  const an = a.anomaly!;
  const src = source(a, res.selector);
  const names = anomalyRecord(a.alert);
  const k = an.deviations ?? ANOMALY_DEFAULT_DEVIATIONS;
  const season = an.seasonality ? SEASONS[an.seasonality]! : undefined;
  const offset = season ? ` offset ${season}` : '';
  const records: RecordModel[] = [
    { record: names.value, expr: src.watched },
    { record: names.mean, expr: `avg_over_time(${names.value}[${an.baseline}]${offset})` },
    { record: names.stddev, expr: `stddev_over_time(${names.value}[${an.baseline}]${offset})` },
  ];
  // A flat baseline has no deviation: `> 0` drops it rather than dividing by zero.
  const z = `(${names.value} - ${names.mean}) / (${names.stddev} > 0)`;
  const direction = an.direction ?? 'both';
  const expr = direction === 'up' ? `${z} > ${promNumber(k)}` : direction === 'down' ? `${z} < -${promNumber(k)}` : `abs(${z}) > ${promNumber(k)}`;
  const who = subject(src.kept);
  const what = src.metric ? title(src.metric) : src.what;
  const than = season ? `the same ${an.baseline} one ${an.seasonality === 'daily' ? 'day' : 'week'} earlier` : `its last ${an.baseline}`;
  const built: Built = {
    kind: 'anomaly',
    watched: { expr: src.watched },
    records,
    anomaly: { meanExpr: names.mean, stddevExpr: names.stddev, k },
    levels: [{
      severity: res.severity, when: [[{ op: '>', value: k }]], expr,
      summary: `${capitalize(what)}${who ? ` on ${who}` : ''} is ${direction === 'both' ? 'unusual' : direction === 'up' ? 'unusually high' : 'unusually low'}`,
      description: `More than ${promNumber(k)} standard deviations ${direction === 'up' ? 'above' : direction === 'down' ? 'below' : 'away from'} the mean of ${than}.`,
    }],
  };
  const legend = legendOf(src.kept);
  if (legend) built.watched.legend = legend;
  if (src.unit) built.watched.unit = src.unit;
  if (src.kept) built.keptLabels = src.kept;
  if (!src.sample) { built.noTestReason = src.noTest ?? 'vigil cannot make up input series for it'; return built; }

  const baseMin = parseDuration(an.baseline)! / 60_000;
  const seasonMin = season ? parseDuration(season)! / 60_000 : 0;
  const spikeAt = baseMin + seasonMin + 1;
  const steps = spikeAt + Math.ceil(res.forMs / 60_000) + TEST_MINUTES_AFTER;
  const tooLong = tooLongToSimulate(steps);
  if (tooLong) { built.noTestReason = tooLong; return built; }
  const calm = (t: number) => 10 + 2 * (t % 2);
  const jump = direction === 'down' ? -100 : 100;
  const scenarios: Scenario[] = [];
  for (const [name, sig, instance] of [
    [`fires when the value jumps ${direction === 'down' ? 'down' : 'up'}`, (t: number) => (t < spikeAt ? calm(t) : 10 + jump), 'anomaly-case'],
    ['stays silent while the value keeps its pattern', calm, 'calm-case'],
  ] as const) {
    const made = src.sample(sig, instance, steps);
    if (!made) { built.noTestReason = 'no sample series satisfy its selector'; return built; }
    const sample = made.sample;
    const zAt = zScores(sample.value, steps, baseMin, seasonMin);
    scenarios.push({
      name, series: sample.series, steps, labels: pick(made.labels, src.kept),
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

/** z-score at each minute over the recorded value, as the three recording rules compute it. */
function zScores(value: (t: number) => number | undefined, steps: number, baseMin: number, seasonMin: number): (number | undefined)[] {
  const recorded = Array.from({ length: steps + 1 }, (_, t) => value(t));
  return recorded.map((v, t) => {
    if (v === undefined) return undefined;
    const end = t - seasonMin;
    if (end < 0) return undefined;
    const xs: number[] = [];
    for (let s = Math.max(0, end - baseMin); s <= end; s++) if (recorded[s] !== undefined) xs.push(recorded[s]!);
    if (!xs.length) return undefined;
    const mean = xs.reduce((p, x) => p + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((p, x) => p + (x - mean) ** 2, 0) / xs.length);
    return sd > 0 ? (v - mean) / sd : undefined;
  });
}
