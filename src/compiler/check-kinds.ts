// Meaning checks of the anomaly baseline and of histogram buckets (latency and latency SLOs):
// rules that compile to PromQL which can never fire, refused or flagged before they ship.
import { ANOMALY_DEFAULT_DEVIATIONS, DEFAULT_EVALUATION_INTERVAL, SEASONS, promNumber } from './conventions.js';
import { formatDuration, parseDuration } from './duration.js';
import { minimumSamples, samplesIn } from './kinds/baseline.js';
import { fasterThan } from './kinds/bucket.js';
import type { Reporter } from './report.js';
import type { AlertSpec, GroupSpec } from './spec.js';
import type { PathSegment } from '../yaml/source.js';

export function checkKindDetails(r: Reporter, g: GroupSpec, a: AlertSpec, path: PathSegment[], scrapeMs: number, forMs: number): void {
  if (a.anomaly) checkAnomaly(r, g, a, [...path, 'anomaly'], scrapeMs, forMs);
  if (a.latency) checkHistogramName(r, a.latency.histogram, [...path, 'latency', 'histogram']);
  if (a.slo?.latency) checkSloLatency(r, a.slo.latency, [...path, 'slo', 'latency']);
}

function checkAnomaly(r: Reporter, g: GroupSpec, a: AlertSpec, path: PathSegment[], scrapeMs: number, forMs: number): void {
  const an = a.anomaly!;
  const baselineMs = parseDuration(an.baseline);
  if (baselineMs === undefined) return; // reported as rules.duration
  if (an.seasonality && baselineMs >= parseDuration(SEASONS[an.seasonality]!)!) {
    r.error('rules.anomaly-baseline', [...path, 'baseline'], 'with seasonality the baseline window must be shorter than the season', 'e.g. baseline: 1h with seasonality: daily');
  }
  if (an.recent !== undefined) {
    const recentMs = parseDuration(an.recent);
    if (recentMs === undefined) {
      r.error('rules.duration', [...path, 'recent'], `"${an.recent}" is not a Prometheus duration`, 'units go from largest to smallest, each once: 1h30m, not 30m1h');
    } else if (an.seasonality) {
      r.error('rules.anomaly-recent', [...path, 'recent'], 'a seasonal baseline lies a whole season back: there is no recent window to leave out', 'remove `recent`, or the seasonality');
    } else if (recentMs === 0 || recentMs < forMs) {
      r.error('rules.anomaly-recent', [...path, 'recent'],
        recentMs === 0 ? 'recent: 0 puts the value itself into its own baseline, which absorbs any lasting change'
          : `recent (${an.recent}) is shorter than the alert's for (${formatDuration(forMs)}): a lasting change would enter its own baseline before the alert fires`,
        `use recent: ${formatDuration(Math.max(forMs, baselineMs))} or longer (the default: as long as the baseline, at least \`for\`)`);
    }
  }
  const k = an.deviations ?? ANOMALY_DEFAULT_DEVIATIONS;
  const method = an.method ?? 'mean';
  const evaluation = g.interval ?? DEFAULT_EVALUATION_INTERVAL;
  const evaluationMs = parseDuration(evaluation) ?? 15_000;
  const stepMs = Math.max(evaluationMs, scrapeMs);
  const have = samplesIn(baselineMs, evaluationMs, scrapeMs);
  const need = minimumSamples(k, method);
  if (have < need) {
    const spread = method === 'mean' ? 'standard deviation' : 'interquartile range';
    r.error('rules.anomaly-baseline-short', [...path, 'baseline'],
      `baseline ${an.baseline} holds ${have} samples at one per ${formatDuration(stepMs)} (the group's evaluation${g.interval ? '' : ` interval, ${DEFAULT_EVALUATION_INTERVAL} unless set,`} or scrape interval); ` +
      `${promNumber(k)} deviations need at least ${need}, or the ${spread} of the baseline is too uncertain for ${promNumber(k)} of them to mean anything`,
      `use baseline: ${formatDuration(need * stepMs)} or longer, or fewer deviations`);
  }
}

/** A histogram named with its series suffix would be looked up as name_bucket_bucket. */
function checkHistogramName(r: Reporter, histogram: string, path: PathSegment[]): void {
  const m = /^(.+)_(bucket|count|sum)$/.exec(histogram);
  if (m) {
    r.warn('lint.histogram-suffix', path, `the histogram is named without its series suffix: vigil reads ${histogram}_bucket and ${histogram}_count, which are unlikely to exist`,
      `if the series are ${m[1]}_bucket, write histogram: ${m[1]}`);
  }
}

function checkSloLatency(r: Reporter, l: NonNullable<NonNullable<AlertSpec['slo']>['latency']>, path: PathSegment[]): void {
  checkHistogramName(r, l.histogram, [...path, 'histogram']);
  const ft = fasterThan(l.faster_than, l.histogram);
  if (!ft) {
    r.error('rules.duration', [...path, 'faster_than'], `"${l.faster_than}" is not a Prometheus duration`, 'give a number in the histogram\'s unit (0.25) or a duration (250ms)');
    return;
  }
  if (ft.unitAssumed) {
    r.warn('lint.slo-bucket-unit', [...path, 'faster_than'],
      `${l.histogram} does not end in its unit (_seconds, _milliseconds, _microseconds): ${l.faster_than} is read as le=${promNumber(ft.value)}, in seconds`,
      'give faster_than as a number in the histogram\'s unit if it does not count seconds');
  }
  if (l.buckets && !l.buckets.some((b) => Math.abs(b - ft.value) <= 1e-9 * Math.max(Math.abs(b), ft.value))) {
    r.warn('lint.slo-bucket', [...path, 'faster_than'],
      `faster_than is le=${promNumber(ft.value)}, which is not one of the histogram's buckets (${l.buckets.map(promNumber).join(', ')}): its bucket series cannot exist and the SLO would never fire`,
      'an SLO counts the requests in one bucket: choose a faster_than that is a bucket boundary');
  }
}
